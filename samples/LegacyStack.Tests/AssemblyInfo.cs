// The stack is global: tests that ran side by side would see each other's devices and sockets.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
