using Siprec.Bench.Reporting;

namespace Siprec.Bench.Infrastructure;

/// <summary>What every scenario needs: the command line, the server to start, a scratch directory and the result table.</summary>
/// <param name="Arguments">The parsed command line.</param>
/// <param name="ServerDll">Path of the Release <c>siprec.dll</c>.</param>
/// <param name="WorkDirectory">Scratch directory, deleted at the end of the run.</param>
/// <param name="Results">Where figures go.</param>
/// <param name="Progress">Where progress lines go.</param>
public sealed record BenchContext(BenchArguments Arguments, string ServerDll, string WorkDirectory, ResultTable Results, TextWriter Progress)
{
    /// <summary>A fresh sub-directory of the work directory for one step.</summary>
    public string Step(string name)
    {
        var path = Path.Combine(WorkDirectory, name);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>
    /// Starts a fresh server in <see cref="Step"/>(<paramref name="name"/>) with extra environment variables (after those
    /// of the command line's --server-env), with ports and MAX_SESSIONS for <paramref name="sessions"/> calls (default
    /// <c>--calls</c>).
    /// </summary>
    public Task<ServerUnderTest> StartServerAsync(string name, IReadOnlyDictionary<string, string>? environment = null, int? sessions = null)
    {
        var merged = new Dictionary<string, string>(Arguments.ServerEnvironment, StringComparer.Ordinal);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            merged[key] = value;
        return ServerUnderTest.StartAsync(ServerDll, Step(name), Arguments.RtpPortBase, sessions ?? Arguments.Calls, merged);
    }

    /// <summary>A free port for the RTP sender, outside the RTP range of a server started for <paramref name="sessions"/> calls.</summary>
    public int SenderPort(int sessions) => LoopbackPorts.FreeOutside(Arguments.RtpPortBase, ServerUnderTest.PortsFor(sessions));

    /// <summary>Adds a context figure (no target) to the results.</summary>
    public void Figure(string scenario, string name, string value) => Results.Add(scenario, name, value, Progress);

    /// <summary>Adds a figure with a target and whether it was met.</summary>
    public void Figure(string scenario, string name, string value, string target, bool met) =>
        Results.Add(new BenchFigure(scenario, name, value, target, met), Progress);
}
