using System.Text.RegularExpressions;
using Siprec.Server.Tests.Support;

namespace Siprec.Server.Tests.Observability;

public sealed partial class GrafanaDashboardTests
{
    [Fact]
    public async Task EveryMetricTheDashboardQueriesIsExported()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Siprec.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        var dashboard = await File.ReadAllTextAsync(Path.Combine(dir.FullName, "deploy", "grafana", "siprec-dashboard.json"));
        var queried = MetricName().Matches(dashboard).Select(m => HistogramSuffix().Replace(m.Value, string.Empty)).ToHashSet(StringComparer.Ordinal);
        Assert.True(queried.Count >= 15, "the dashboard queries too few metrics: " + string.Join(", ", queried));

        await using var server = await RunningServer.StartAsync();
        var exposition = await server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        foreach (var name in queried)
        {
            Assert.Contains("# TYPE " + name + " ", exposition, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex(@"siprec_[a-z_]+")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"_(bucket|sum|count)$")]
    private static partial Regex HistogramSuffix();
}
