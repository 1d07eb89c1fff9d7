// Registrations and the list of contexts are process-wide: tests that register operations or count
// live contexts must not run beside each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
