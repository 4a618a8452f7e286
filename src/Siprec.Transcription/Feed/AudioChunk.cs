namespace Siprec.Transcription.Feed;

/// <summary>A pooled copy of PCM waiting for the provider.</summary>
internal readonly record struct AudioChunk(short[] Buffer, int Length, int SampleRate, long SessionSamplePosition)
{
    public TimeSpan SessionOffset => TimeSpan.FromTicks(SessionSamplePosition * TimeSpan.TicksPerSecond / SampleRate);

    public TimeSpan Duration => TimeSpan.FromTicks(Length * TimeSpan.TicksPerSecond / SampleRate);
}
