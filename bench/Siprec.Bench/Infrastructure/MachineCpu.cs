using System.Globalization;

namespace Siprec.Bench.Infrastructure;

/// <summary>The machine's CPU time, busy and in all, in clock ticks summed over every core (first line of <c>/proc/stat</c>).</summary>
/// <param name="BusyTicks">Every column but idle and iowait.</param>
/// <param name="TotalTicks">Every column.</param>
public sealed record MachineCpu(long BusyTicks, long TotalTicks)
{
    /// <summary>Reads <c>/proc/stat</c> now.</summary>
    public static MachineCpu Read()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Sum();
        return new MachineCpu(total - fields[3] - fields[4], total);
    }

    /// <summary>Fraction of the machine's CPU (all cores) that was busy between <paramref name="before"/> and this reading.</summary>
    public double BusySince(MachineCpu before)
    {
        ArgumentNullException.ThrowIfNull(before);
        var total = TotalTicks - before.TotalTicks;
        return total > 0 ? (BusyTicks - before.BusyTicks) / (double)total : 0;
    }
}
