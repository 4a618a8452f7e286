using Microsoft.Extensions.Logging;
using Siprec.Transcription.Output;

namespace Siprec.Transcription.Feed;

/// <summary>
/// Takes a <see cref="TranscriptionFeed"/>'s provider stream's results to the sinks: counts them, measures the latency
/// of final ones against when their audio was sent, and names the speaker known at that moment. A failing sink is
/// logged and skipped; a failing stream breaks the pump through the token source it is given.
/// </summary>
internal sealed partial class TranscriptResultForwarder(
    IReadOnlyList<ITranscriptSink> sinks,
    TranscriptionMetrics metrics,
    SentAudioClock sentClock,
    TranscriptionReconnectPolicy reconnect,
    Func<SpeechStreamOptions> currentOptions,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>Forwards every result of <paramref name="stream"/> until it ends; cancels <paramref name="streamBroken"/> and rethrows when it fails.</summary>
    public async Task ForwardAsync(ISpeechStream stream, CancellationTokenSource streamBroken)
    {
        try
        {
            await foreach (var result in stream.Results.ReadAllAsync(streamBroken.Token).ConfigureAwait(false))
            {
                metrics.RecordResult(result.IsFinal);
                if (result.IsFinal)
                {
                    reconnect.RecordSuccess();
                    if (sentClock.WhenSent(result.End) is { } sentAt)
                    {
                        metrics.RecordLatency(result.Provider, time.GetElapsedTime(sentAt));
                    }
                }

                var stamped = Stamped(result);
                foreach (var sink in sinks)
                {
                    try
                    {
                        await sink.WriteAsync(stamped, streamBroken.Token).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        Log.SinkFailed(logger, sink.GetType().Name, ex.Message);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await streamBroken.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The result naming the speaker known now, who may differ from the one its stream was opened for (see
    /// <see cref="TranscriptionFeed.SetSpeaker"/>).
    /// </summary>
    private TranscriptResult Stamped(TranscriptResult result)
    {
        var current = currentOptions();
        return string.Equals(result.SpeakerAor, current.SpeakerAor, StringComparison.Ordinal) && string.Equals(result.SpeakerName, current.SpeakerName, StringComparison.Ordinal)
            ? result
            : result with { SpeakerAor = current.SpeakerAor, SpeakerName = current.SpeakerName };
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Transcript sink {Sink} failed: {Error}")]
        public static partial void SinkFailed(ILogger logger, string sink, string error);
    }
}
