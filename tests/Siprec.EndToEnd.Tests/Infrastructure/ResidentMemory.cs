using System.Globalization;

namespace Siprec.EndToEnd.Tests.Infrastructure;

/// <summary>The resident memory of a Linux process, read from <c>/proc/&lt;pid&gt;/status</c>.</summary>
public static class ResidentMemory
{
    /// <summary>VmRSS of process <paramref name="pid"/> in KiB; throws <see cref="IOException"/> if it has gone.</summary>
    public static long Kilobytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line["VmRSS:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture);
        }
        throw new IOException($"no VmRSS line for process {pid}");
    }
}
