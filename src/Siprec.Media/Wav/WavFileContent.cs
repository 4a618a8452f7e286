namespace Siprec.Media.Wav;

/// <summary>A PCM16 WAV file as read back.</summary>
/// <param name="Channels">Channel count.</param>
/// <param name="SampleRate">Sample rate.</param>
/// <param name="DeclaredDataBytes">Data size the header declares.</param>
/// <param name="FileDataBytes">Data bytes actually present after the header.</param>
/// <param name="Samples">Interleaved samples covered by the declared size.</param>
public sealed record WavFileContent(int Channels, int SampleRate, long DeclaredDataBytes, long FileDataBytes, short[] Samples)
{
    /// <summary>Frames (samples per channel).</summary>
    public int Frames => Samples.Length / Channels;

    /// <summary>Duration covered by the declared data.</summary>
    public TimeSpan Duration => TimeSpan.FromTicks(Frames * TimeSpan.TicksPerSecond / SampleRate);

    /// <summary>The samples of one channel.</summary>
    public short[] Channel(int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, Channels);
        var result = new short[Frames];
        for (int i = 0; i < result.Length; i++)
            result[i] = Samples[(i * Channels) + channel];
        return result;
    }
}
