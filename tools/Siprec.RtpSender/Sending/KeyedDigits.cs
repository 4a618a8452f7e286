using System.Globalization;

namespace Siprec.RtpSender.Sending;

/// <summary>
/// A run of digits keyed on a phone's keypad: each held for <paramref name="On"/>, then released for
/// <paramref name="Gap"/>, the first at <paramref name="At"/> from the stream's start. Sent either as RFC 4733
/// telephone-events or as in-band dual tones written over the stream's audio.
/// </summary>
public sealed record KeyedDigits(TimeSpan At, string Digits, TimeSpan On, TimeSpan Gap)
{
    private const string Keys = "0123456789*#ABCD";
    private const short ToneAmplitude = 7000;
    private static readonly double[] Low = [941, 697, 697, 697, 770, 770, 770, 852, 852, 852, 941, 941, 697, 770, 852, 941];
    private static readonly double[] High = [1336, 1209, 1336, 1477, 1209, 1336, 1477, 1209, 1336, 1477, 1209, 1477, 1633, 1633, 1633, 1633];

    /// <summary>Reads <c>MS:DIGITS:ON_MS:GAP_MS</c>, such as <c>2000:4111111111111111:100:60</c>.</summary>
    public static KeyedDigits Parse(string value, string field)
    {
        ArgumentNullException.ThrowIfNull(value);
        var parts = value.Split(':');
        if (parts.Length != 4 || parts[1].Length == 0 || parts[1].Any(c => Keys.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal) < 0))
            throw new ArgumentException($"{field} '{value}' is not MS:DIGITS:ON_MS:GAP_MS with digits from 0-9, *, #, A-D");
        return new KeyedDigits(Milliseconds(parts[0], field), parts[1].ToUpperInvariant(), Milliseconds(parts[2], field), Milliseconds(parts[3], field));
    }

    /// <summary>One telephone-event per digit (RFC 4733 event codes: 0–9, * = 10, # = 11, A–D = 12–15).</summary>
    public IEnumerable<DtmfEvent> AsTelephoneEvents() =>
        Digits.Select((digit, i) => new DtmfEvent(At + ((On + Gap) * i), (byte)Keys.IndexOf(digit, StringComparison.Ordinal), On));

    /// <summary>A copy of <paramref name="samples"/> (8 kHz) with each digit's two tones written over the audio while it is held, and silence in the gaps.</summary>
    public short[] WrittenOver(short[] samples, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var copy = (short[])samples.Clone();
        for (var i = 0; i < Digits.Length; i++)
        {
            var key = Keys.IndexOf(Digits[i], StringComparison.Ordinal);
            var start = SampleAt(At + ((On + Gap) * i), sampleRate);
            var held = SampleAt(On, sampleRate);
            var end = Math.Min(copy.Length, start + SampleAt(On + Gap, sampleRate));
            for (var n = start; n < end; n++)
            {
                var t = (double)(n - start) / sampleRate;
                copy[n] = n - start < held
                    ? (short)(ToneAmplitude * (Math.Sin(2 * Math.PI * Low[key] * t) + Math.Sin(2 * Math.PI * High[key] * t)) / 2)
                    : (short)0;
            }
        }

        return copy;
    }

    private static int SampleAt(TimeSpan time, int sampleRate) => (int)(time.Ticks * sampleRate / TimeSpan.TicksPerSecond);

    private static TimeSpan Milliseconds(string text, string field) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? TimeSpan.FromMilliseconds(ms)
            : throw new ArgumentException($"{field}: '{text}' is not a whole number of milliseconds");
}
