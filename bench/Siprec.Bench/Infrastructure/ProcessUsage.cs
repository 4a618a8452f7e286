using System.Globalization;

namespace Siprec.Bench.Infrastructure;

/// <summary>CPU time (user + system) and resident memory of a Linux process, read from <c>/proc</c>.</summary>
/// <param name="CpuSeconds">utime + stime in seconds.</param>
/// <param name="ResidentKilobytes">VmRSS in KiB.</param>
public sealed record ProcessUsage(double CpuSeconds, long ResidentKilobytes)
{
    // USER_HZ is 100 on every Linux architecture .NET runs on.
    private const double ClockTicksPerSecond = 100;

    /// <summary>Reads the usage of process <paramref name="pid"/>; throws <see cref="IOException"/> if it has gone.</summary>
    public static ProcessUsage Read(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        // The command name (field 2) may hold spaces; fields are counted after its closing parenthesis.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        long rss = 0;
        foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                rss = long.Parse(line["VmRSS:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
        }
        return new ProcessUsage(ticks / ClockTicksPerSecond, rss);
    }

    /// <summary>
    /// Where process <paramref name="pid"/>'s resident memory is: anonymous (GC heap, native allocations, stacks), file
    /// mappings (assemblies, native libraries) and shared memory (the runtime's double-mapped JIT code), and its thread count.
    /// </summary>
    public static string ResidentBreakdown(int pid)
    {
        var fields = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon] is "RssAnon" or "RssFile" or "RssShmem" or "Threads")
                fields[line[..colon]] = long.Parse(line[(colon + 1)..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"anon {fields.GetValueOrDefault("RssAnon") / 1024} MB, file {fields.GetValueOrDefault("RssFile") / 1024} MB, shmem {fields.GetValueOrDefault("RssShmem") / 1024} MB, {fields.GetValueOrDefault("Threads")} threads");
    }

    /// <summary>The machine's load averages as printed by <c>/proc/loadavg</c> (1, 5, 15 minutes).</summary>
    public static string LoadAverage()
    {
        var parts = File.ReadAllText("/proc/loadavg").Split(' ');
        return $"{parts[0]} {parts[1]} {parts[2]}";
    }
}
