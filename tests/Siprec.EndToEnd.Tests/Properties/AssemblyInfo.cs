// End-to-end tests drive real calls and check timing to tens of milliseconds; run one at a time so that, on a
// two-core machine, one test's calls never starve another's.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
