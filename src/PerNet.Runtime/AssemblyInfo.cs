// The runtime's public API is CLS-compliant: libraries that declare [assembly: CLSCompliant(true)] and adopt it
// (their migrated members take a NetContext, their state classes derive from PerNet<T>) get no CS3001/CS3003/CS3009.
[assembly: System.CLSCompliant(true)]
