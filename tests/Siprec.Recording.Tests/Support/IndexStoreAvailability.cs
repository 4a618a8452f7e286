using Siprec.Tests.Shared;
using Xunit.Abstractions;

namespace Siprec.Recording.Tests.Support;

/// <summary>Whether the store a contract test class runs against is available on this machine.</summary>
internal static class IndexStoreAvailability
{
    /// <summary>Why <paramref name="testMethod"/>'s class cannot run here; null when it can.</summary>
    public static string? SkipReason(ITestMethod testMethod) =>
        testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgresAttribute)).Any() ? PostgresServer.MissingReason : null;
}
