namespace Siprec.Transcription.Audio;

/// <summary>A stretch of speech cut by the voice-activity detector.</summary>
/// <param name="Samples">Mono PCM16 samples.</param>
/// <param name="StartSample">Index of the first sample in the detector's input.</param>
/// <param name="SampleRate">Sample rate (Hz).</param>
public sealed record Utterance(short[] Samples, long StartSample, int SampleRate)
{
    /// <summary>Start within the detector's input.</summary>
    public TimeSpan Start => TimeSpan.FromTicks(StartSample * TimeSpan.TicksPerSecond / SampleRate);

    /// <summary>End within the detector's input.</summary>
    public TimeSpan End => TimeSpan.FromTicks((StartSample + Samples.Length) * TimeSpan.TicksPerSecond / SampleRate);
}
