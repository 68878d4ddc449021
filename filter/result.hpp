// Typed results for the query path and the parsers: failures are values, never exceptions.
#pragma once

#include <boost/system/result.hpp>

namespace roja {

template <class T>
using Result = boost::system::result<T>;

}  // namespace roja
