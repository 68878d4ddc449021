// The unit tier's single doctest main; every *_test.cpp under tests/unit/ links into it.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
