namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>The one switch for tests that need the server's SIP and media wiring.</summary>
public static class ServerIntegration
{
    /// <summary>Flip to true once the server answers SIP and records media; every [IntegrationFact] then runs.</summary>
    public static bool IsWired => true;

    /// <summary>Skip reason while <see cref="IsWired"/> is false.</summary>
    public const string SkipReason = "SIP/media integration not wired yet";
}
