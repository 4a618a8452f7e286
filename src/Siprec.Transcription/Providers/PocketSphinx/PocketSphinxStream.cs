using System.Threading.Channels;
using Siprec.Transcription.Audio;

namespace Siprec.Transcription.Providers.PocketSphinx;

/// <summary>Cuts the audio into utterances and decodes each one on a background task.</summary>
internal sealed class PocketSphinxStream : SpeechStreamBase
{
    private readonly PocketSphinxDecoder _decoder;
    private readonly EnergyVoiceActivityDetector _vad;
    private readonly Channel<Utterance> _utterances = Channel.CreateBounded<Utterance>(
        new BoundedChannelOptions(16) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _cancellation = new();
    private readonly Action<Utterance> _enqueue;
    private readonly Task _worker;

    public PocketSphinxStream(PocketSphinxDecoder decoder, string providerName, SpeechStreamOptions options, TimeProvider timeProvider)
        : base(providerName, options, timeProvider)
    {
        _decoder = decoder;
        _vad = new EnergyVoiceActivityDetector(options.SampleRate);
        _enqueue = u => _utterances.Writer.TryWrite(u);
        _worker = Task.Run(DecodeLoopAsync);
    }

    public override ValueTask WriteAudioAsync(ReadOnlyMemory<short> pcm, TimeSpan sessionOffset, CancellationToken cancellationToken)
    {
        TimeMap.Record(pcm.Length, sessionOffset);
        _vad.Process(pcm.Span, _enqueue);
        return ValueTask.CompletedTask;
    }

    public override ValueTask PauseAsync(CancellationToken cancellationToken)
    {
        _vad.Flush(_enqueue);
        return ValueTask.CompletedTask;
    }

    public override async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        _vad.Flush(_enqueue);
        _utterances.Writer.TryComplete();
        await _worker.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async ValueTask DisposeCoreAsync()
    {
        _utterances.Writer.TryComplete();
        await _cancellation.CancelAsync().ConfigureAwait(false);
        try
        {
            await _worker.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }

        _decoder.Dispose();
        _cancellation.Dispose();
    }

    private async Task DecodeLoopAsync()
    {
        try
        {
            await foreach (var utterance in _utterances.Reader.ReadAllAsync(_cancellation.Token).ConfigureAwait(false))
            {
                Publish(true, _decoder.Decode(utterance.Samples), null, utterance.Start, utterance.End);
            }

            CompleteResults(null);
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            CompleteResults(null);
        }
        catch (SpeechProviderException ex)
        {
            CompleteResults(ex);
        }
    }
}
