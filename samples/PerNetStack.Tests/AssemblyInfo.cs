// Only the tests that watch Initial's device list or set process-wide limits need isolation; the
// contexts themselves are independent. Keep the suite simple and serial.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
