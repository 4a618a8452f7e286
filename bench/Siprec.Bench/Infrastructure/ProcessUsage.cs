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

    /// <summary>The machine's load averages as printed by <c>/proc/loadavg</c> (1, 5, 15 minutes).</summary>
    public static string LoadAverage()
    {
        var parts = File.ReadAllText("/proc/loadavg").Split(' ');
        return $"{parts[0]} {parts[1]} {parts[2]}";
    }
}
