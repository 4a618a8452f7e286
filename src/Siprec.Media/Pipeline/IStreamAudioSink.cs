namespace Siprec.Media.Pipeline;

/// <summary>
/// Receives a stream's decoded audio after the pause gate (for example, to feed a speech recognizer).
/// Called on the RTP hot path: implementations copy what they keep and return at once, never block.
/// </summary>
public interface IStreamAudioSink
{
    /// <param name="streamIndex">The stream's index in m-line order.</param>
    /// <param name="pcm">Mono PCM16 samples; valid only during the call.</param>
    /// <param name="sampleRate">Sample rate of <paramref name="pcm"/>.</param>
    /// <param name="sessionSamplePosition">Position of the first sample on the session clock, in samples at <paramref name="sampleRate"/>.</param>
    void OnAudio(int streamIndex, ReadOnlySpan<short> pcm, int sampleRate, long sessionSamplePosition);
}
