using Siprec.Media.Dtmf;

namespace Siprec.Media.Tests.Dtmf;

public sealed class InBandDtmfDetectorTests
{
    private const int Rate = InBandDtmfDetector.SampleRate;
    private const string AllKeys = "123A456B789C*0#D";

    public static TheoryData<char> Keys() => [.. AllKeys];

    [Theory]
    [MemberData(nameof(Keys))]
    public void FindsEachKeyAndPlacesItsStartBeforeTheTone(char key)
    {
        var audio = new short[Rate];
        int toneStart = 3000;
        Tone(key, audio.AsSpan(toneStart, 800), 6000, 6000);

        var changes = Run(audio, packet: 160);

        Assert.Equal(2, changes.Count);
        Assert.Equal((true, key), (changes[0].Started, changes[0].Digit));
        Assert.InRange(changes[0].SampleIndex, toneStart - (2 * InBandDtmfDetector.BlockSamples), toneStart);
        Assert.Equal((false, key), (changes[1].Started, changes[1].Digit));
        Assert.InRange(changes[1].SampleIndex, toneStart + 800 - InBandDtmfDetector.BlockSamples, toneStart + 800 + InBandDtmfDetector.BlockSamples);
    }

    [Fact]
    public void FindsSixteenKeysInARowAsSixteenDigits()
    {
        var audio = new short[Rate * 4];
        for (int i = 0; i < AllKeys.Length; i++)
            Tone(AllKeys[i], audio.AsSpan(i * 1600, 800), 5000, 5000);

        var starts = Run(audio, packet: 160).Where(c => c.Started).Select(c => c.Digit);

        Assert.Equal(AllKeys, string.Concat(starts));
    }

    [Theory]
    [InlineData(160)]
    [InlineData(480)]
    [InlineData(1000)]
    public void PacketSizeDoesNotChangeTheResult(int packet)
    {
        var audio = new short[Rate];
        Tone('5', audio.AsSpan(2000, 1000), 4000, 4000);

        Assert.Equal(Run(audio, 205), Run(audio, packet));
    }

    [Fact]
    public void QuietTonesAreIgnored()
    {
        var audio = new short[Rate];
        Tone('7', audio.AsSpan(1000, 1600), 200, 200);

        Assert.Empty(Run(audio, 160));
    }

    [Theory]
    [InlineData(6000, 6000, true)]
    [InlineData(3000, 6000, true)]
    [InlineData(6000, 4000, true)]
    [InlineData(1000, 6000, false)]
    [InlineData(6000, 2500, false)]
    public void TwistBeyondTheLimitsIsNotADigit(int low, int high, bool found)
    {
        var audio = new short[Rate];
        Tone('9', audio.AsSpan(1000, 1600), low, high);

        Assert.Equal(found, Run(audio, 160).Any(c => c.Started));
    }

    [Fact]
    public void NoiseIsNotADigit()
    {
        var random = new Random(7);
        var audio = new short[Rate * 5];
        for (int i = 0; i < audio.Length; i++)
            audio[i] = (short)random.Next(-8000, 8000);

        Assert.Empty(Run(audio, 160));
    }

    [Fact]
    public void VoicedSpeechIsNotADigit()
    {
        // A voice-like signal: a gliding pitch with many harmonics shaped by two formants, the kind of sound that makes
        // naive detectors fire (talk-off).
        var audio = new short[Rate * 10];
        double phase = 0;
        for (int i = 0; i < audio.Length; i++)
        {
            double t = (double)i / Rate;
            double pitch = 110 + (60 * Math.Sin(2 * Math.PI * 0.7 * t));
            phase += 2 * Math.PI * pitch / Rate;
            double sample = 0;
            for (int h = 1; h * pitch < 3400; h++)
            {
                double f = h * pitch;
                double formants = Resonance(f, 700 + (200 * Math.Sin(t)), 150) + (0.7 * Resonance(f, 1300 + (300 * Math.Cos(1.3 * t)), 200));
                sample += formants * Math.Sin(h * phase);
            }

            audio[i] = (short)Math.Clamp(sample * 3000, short.MinValue, short.MaxValue);
        }

        Assert.Empty(Run(audio, 160));
    }

    [Fact]
    public void ASingleToneIsNotADigit()
    {
        var audio = new short[Rate];
        for (int i = 0; i < audio.Length; i++)
            audio[i] = (short)(8000 * Math.Sin(2 * Math.PI * 1209 * i / Rate));

        Assert.Empty(Run(audio, 160));
    }

    [Fact]
    public void ProcessingAllocatesNothing()
    {
        var detector = new InBandDtmfDetector();
        var audio = new short[Rate];
        Tone('1', audio.AsSpan(1000, 1600), 5000, 5000);
        Span<DtmfToneChange> changes = stackalloc DtmfToneChange[8];
        detector.Process(audio.AsSpan(0, 160), changes);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int offset = 160; offset + 160 <= audio.Length; offset += 160)
            detector.Process(audio.AsSpan(offset, 160), changes);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static double Resonance(double f, double centre, double width) => 1 / (1 + Math.Pow((f - centre) / width, 2));

    private static List<DtmfToneChange> Run(short[] audio, int packet)
    {
        var detector = new InBandDtmfDetector();
        var found = new List<DtmfToneChange>();
        var changes = new DtmfToneChange[InBandDtmfDetector.MaxChangesFor(packet)];
        for (int offset = 0; offset < audio.Length; offset += packet)
        {
            int count = detector.Process(audio.AsSpan(offset, Math.Min(packet, audio.Length - offset)), changes);
            found.AddRange(changes.AsSpan(0, count).ToArray());
        }

        return found;
    }

    private static void Tone(char key, Span<short> destination, int lowAmplitude, int highAmplitude)
    {
        int index = AllKeys.IndexOf(key, StringComparison.Ordinal);
        double low = new[] { 697.0, 770, 852, 941 }[index / 4];
        double high = new[] { 1209.0, 1336, 1477, 1633 }[index % 4];
        for (int i = 0; i < destination.Length; i++)
        {
            double t = (double)i / Rate;
            destination[i] = (short)((lowAmplitude * Math.Sin(2 * Math.PI * low * t)) + (highAmplitude * Math.Sin(2 * Math.PI * high * t)));
        }
    }
}
