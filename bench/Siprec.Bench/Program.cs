using Siprec.Bench.Infrastructure;
using Siprec.Bench.Reporting;
using Siprec.Bench.Scenarios;

BenchArguments arguments;
try
{
    arguments = BenchArguments.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"Siprec.Bench: {e.Message}");
    Console.Error.WriteLine(BenchArguments.Usage);
    return 2;
}

var work = Path.Combine(Path.GetTempPath(), "siprec-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(work);
var results = new ResultTable();
var context = new BenchContext(arguments, Path.Combine(AppContext.BaseDirectory, "siprec.dll"), work, results, Console.Out);
var started = DateTimeOffset.UtcNow;
var loadBefore = ProcessUsage.LoadAverage();
var exitCode = 0;
try
{
    foreach (var scenario in arguments.Scenarios)
    {
        try
        {
            await (scenario switch
            {
                "setup" => SipSetupBenchmark.RunAsync(context),
                "media" => MediaBenchmark.RunAsync(context),
                "max-calls" => MaxCallsBenchmark.RunAsync(context),
                "cluster-sip" => ClusterSipBenchmark.RunAsync(context),
                "cluster" => ClusterPauseBenchmark.RunAsync(context),
                "overload" => OverloadBenchmark.RunAsync(context),
                "hostile" => HostileTrafficBenchmark.RunAsync(context),
                _ => PauseResumeBenchmark.RunAsync(context),
            }).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or TimeoutException or HttpRequestException or System.Net.Sockets.SocketException)
        {
            context.Figure(scenario, "aborted", e.Message.ReplaceLineEndings(" "));
            exitCode = 1;
        }
    }
}
finally
{
    Console.WriteLine();
    Console.WriteLine($"Siprec.Bench {started:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, calls={arguments.Calls}, seconds={arguments.Seconds}, " +
        $"load average before {loadBefore}, after {ProcessUsage.LoadAverage()}");
    results.Print(Console.Out);
    if (Environment.GetEnvironmentVariable("SIPREC_BENCH_KEEP") is null)
        Directory.Delete(work, recursive: true);
    else
        Console.WriteLine($"work directory kept: {work}");
}
return exitCode;
