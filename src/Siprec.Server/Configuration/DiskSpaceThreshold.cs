using System.Globalization;

namespace Siprec.Server.Configuration;

/// <summary>The least free space a volume must keep: an absolute size in bytes, or a percentage of the volume.</summary>
/// <param name="Bytes">Minimum free bytes, when given as a size.</param>
/// <param name="Percent">Minimum free share of the volume (0-100), when given as a percentage.</param>
public sealed record DiskSpaceThreshold(long? Bytes, double? Percent)
{
    private static readonly (string Suffix, long Factor)[] Units =
    [
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40),
        ("KB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("TB", 1_000_000_000_000), ("B", 1),
    ];

    /// <summary>Parses <c>1GiB</c>, <c>500MB</c>, <c>1073741824</c> (bytes) or <c>1%</c>; false for anything else.</summary>
    public static bool TryParse(string text, out DiskSpaceThreshold threshold)
    {
        ArgumentNullException.ThrowIfNull(text);
        threshold = new DiskSpaceThreshold(null, null);
        var t = text.Trim();
        if (t.EndsWith('%'))
        {
            if (double.TryParse(t[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p is >= 0 and <= 100)
            {
                threshold = new DiskSpaceThreshold(null, p);
                return true;
            }

            return false;
        }

        var factor = 1L;
        foreach (var (suffix, f) in Units)
        {
            if (t.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                t = t[..^suffix.Length].TrimEnd();
                factor = f;
                break;
            }
        }

        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n < 0 || n * factor > long.MaxValue)
        {
            return false;
        }

        threshold = new DiskSpaceThreshold((long)(n * factor), null);
        return true;
    }

    /// <summary>True when <paramref name="freeBytes"/> of a volume of <paramref name="totalBytes"/> meets the threshold.</summary>
    public bool IsMet(long freeBytes, long totalBytes) =>
        Percent is { } p ? totalBytes <= 0 || freeBytes * 100.0 / totalBytes >= p : freeBytes >= (Bytes ?? 0);

    /// <inheritdoc />
    public override string ToString() =>
        Percent is { } p ? p.ToString(CultureInfo.InvariantCulture) + "%" : (Bytes ?? 0).ToString(CultureInfo.InvariantCulture) + " bytes";
}
