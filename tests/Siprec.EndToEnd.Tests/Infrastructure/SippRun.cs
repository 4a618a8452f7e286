namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>One SIPp run: a client of 127.0.0.1:<see cref="RemotePort"/>, or a server (UAS scenario) when RemotePort is 0.</summary>
public sealed record SippRun(string Scenario, int RemotePort, int LocalPort)
{
    /// <summary>Transport (<c>-t u1</c> or <c>-t t1</c>).</summary>
    public SippTransport Transport { get; init; } = SippTransport.Udp;

    /// <summary>Total calls (<c>-m</c>).</summary>
    public int Calls { get; init; } = 1;

    /// <summary>Concurrent call limit (<c>-l</c>); null leaves SIPp's default.</summary>
    public int? ConcurrentCalls { get; init; }

    /// <summary>New calls per second (<c>-r</c>); null leaves SIPp's default.</summary>
    public int? CallRate { get; init; }

    /// <summary>Length of the scenario's plain pauses (<c>-d</c>).</summary>
    public TimeSpan CallDuration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>SIPp's own global timeout (<c>-timeout</c>, with <c>-timeout_error</c>); the harness kills it a little later.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Local media port SIPp advertises (<c>-mp</c>); null leaves SIPp's default.</summary>
    public int? MediaPort { get; init; }

    /// <summary>[key] substitutions (<c>-key name value</c>).</summary>
    public IReadOnlyDictionary<string, string> Keys { get; init; } = new Dictionary<string, string>();

    /// <summary>Global scenario variables (<c>-set name value</c>).</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    /// <summary>Further raw arguments (e.g. <c>-default_behaviors all,-abortunexp</c>).</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>Path of a scenario shipped in the test output's Scenarios folder.</summary>
    public static string ScenarioPath(string fileName) => Path.Combine(AppContext.BaseDirectory, "Scenarios", fileName);
}
