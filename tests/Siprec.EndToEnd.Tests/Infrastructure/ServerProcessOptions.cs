namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>How to start the server for one test.</summary>
public sealed record ServerProcessOptions
{
    /// <summary>Extra environment variables (override the defaults the harness sets).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Size of the RTP port range given to the server (RTP_PORT_MIN..RTP_PORT_MAX).</summary>
    public int RtpPortCount { get; init; } = 100;

    /// <summary>Bound on the wait for GET /health/live to answer 200.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Sets CLUSTER_ADVERTISED_URL to the leased HTTP address, so other nodes can reach this one's API.</summary>
    public bool AdvertiseHttpAddress { get; init; }
}
