// How a worker thread asks the kernel to schedule it: a worker runs in short bursts (a batch of
// datagrams) and must not wait behind a CPU-bound thread sharing its core, such as a reload's
// policy build when rojad is pinned to one CPU per worker.
#pragma once

namespace roja::server {

// Asks for a 0.1 ms time slice (Linux 6.12+ EEVDF custom slice; older kernels ignore it): with a
// shorter slice than the other threads on its core, a waking worker preempts them at once
// instead of after their 3 ms. Needs no privilege; a refusal leaves the default slice.
void request_short_slice() noexcept;

}  // namespace roja::server
