using System.Globalization;
using System.Text;

namespace Siprec.Server.Configuration;

/// <summary>Go-style duration strings: <c>90s</c>, <c>30m</c>, <c>1h0m5s</c>, <c>500ms</c>, <c>1.5h</c>.</summary>
public static class GoDuration
{
    /// <summary>
    /// Parses a non-negative duration. A bare whole number is taken as seconds (<c>30</c> = <c>30s</c>), because
    /// operators write timeouts that way; anything else needs Go's units. False on any other input.
    /// </summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim().AsSpan();
        if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            value = TimeSpan.FromSeconds(seconds);
            return true;
        }

        decimal totalTicks = 0;
        while (!s.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < s.Length && (char.IsAsciiDigit(s[numberLength]) || s[numberLength] == '.'))
            {
                numberLength++;
            }

            var unitLength = 0;
            while (numberLength + unitLength < s.Length && !char.IsAsciiDigit(s[numberLength + unitLength]) && s[numberLength + unitLength] != '.')
            {
                unitLength++;
            }

            if (numberLength == 0 || unitLength == 0
                || !decimal.TryParse(s[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            decimal? ticksPerUnit = s.Slice(numberLength, unitLength) switch
            {
                "ns" => 0.01m,
                "us" or "µs" or "μs" => 10m,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => null,
            };
            if (ticksPerUnit is null)
            {
                return false;
            }

            totalTicks += number * ticksPerUnit.Value;
            if (totalTicks > TimeSpan.MaxValue.Ticks)
            {
                return false;
            }

            s = s[(numberLength + unitLength)..];
        }

        value = TimeSpan.FromTicks((long)totalTicks);
        return true;
    }

    /// <summary>Formats as Go's <c>time.Duration.String</c> does: <c>0s</c>, <c>2m30s</c>, <c>1h0m5s</c>, <c>500ms</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var sb = new StringBuilder();
        var ticks = value.Ticks;
        if (ticks < 0)
        {
            sb.Append('-');
            ticks = -ticks;
        }

        if (ticks < TimeSpan.TicksPerSecond)
        {
            return ticks % TimeSpan.TicksPerMillisecond == 0
                ? sb.Append(ticks / TimeSpan.TicksPerMillisecond).Append("ms").ToString()
                : ticks >= TimeSpan.TicksPerMillisecond
                    ? sb.Append(Trim((ticks / (decimal)TimeSpan.TicksPerMillisecond).ToString(CultureInfo.InvariantCulture))).Append("ms").ToString()
                    : sb.Append(Trim((ticks / 10m).ToString(CultureInfo.InvariantCulture))).Append("µs").ToString();
        }

        var hours = ticks / TimeSpan.TicksPerHour;
        var minutes = ticks / TimeSpan.TicksPerMinute % 60;
        var secondTicks = ticks % TimeSpan.TicksPerMinute;
        if (hours > 0)
        {
            sb.Append(hours).Append('h');
        }

        if (hours > 0 || minutes > 0)
        {
            sb.Append(minutes).Append('m');
        }

        sb.Append(Trim((secondTicks / (decimal)TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture))).Append('s');
        return sb.ToString();
    }

    private static string Trim(string number) => number.Contains('.', StringComparison.Ordinal) ? number.TrimEnd('0').TrimEnd('.') : number;
}
