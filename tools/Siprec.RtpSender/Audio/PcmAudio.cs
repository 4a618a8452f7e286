namespace Siprec.RtpSender.Audio;

/// <summary>Linear PCM16 audio, one sample array per channel, all of the same length.</summary>
public sealed record PcmAudio(int SampleRate, IReadOnlyList<short[]> Channels)
{
    /// <summary>Number of samples per channel.</summary>
    public int Length => Channels.Count == 0 ? 0 : Channels[0].Length;

    /// <summary>Duration of the audio.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds((double)Length / SampleRate);

    /// <summary>Wraps one mono channel.</summary>
    public static PcmAudio Mono(int sampleRate, short[] samples) => new(sampleRate, [samples]);

    /// <summary>Averages all channels into one mono channel at the same rate.</summary>
    public PcmAudio ToMono()
    {
        if (Channels.Count == 1)
            return this;
        var mono = new short[Length];
        for (var i = 0; i < mono.Length; i++)
        {
            var sum = 0;
            foreach (var channel in Channels)
                sum += channel[i];
            mono[i] = (short)(sum / Channels.Count);
        }
        return Mono(SampleRate, mono);
    }

    /// <summary>Returns the audio at <paramref name="targetRate"/> (linear interpolation; good enough for test speech).</summary>
    public PcmAudio Resample(int targetRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(targetRate, 1);
        if (targetRate == SampleRate)
            return this;
        var outLength = (int)((long)Length * targetRate / SampleRate);
        var channels = new List<short[]>(Channels.Count);
        foreach (var source in Channels)
        {
            var target = new short[outLength];
            for (var i = 0; i < outLength; i++)
            {
                var position = (double)i * SampleRate / targetRate;
                var index = (int)position;
                var fraction = position - index;
                var a = source[Math.Min(index, source.Length - 1)];
                var b = source[Math.Min(index + 1, source.Length - 1)];
                target[i] = (short)Math.Round(a + ((b - a) * fraction));
            }
            channels.Add(target);
        }
        return new PcmAudio(targetRate, channels);
    }
}
