using System.Runtime.ExceptionServices;
using Google.Protobuf;
using Grpc.Core;
using Siprec.Transcription.Providers.Google.Protocol;

namespace Siprec.Transcription.Providers.Google;

/// <summary>
/// A sequence of <c>StreamingRecognize</c> calls: one is opened lazily on audio, half-closed on pause, at rotation or at
/// the end, and drained in the background while the next one takes the audio.
/// </summary>
internal sealed class GoogleSpeechStream : SpeechStreamBase
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);
    private readonly Speech.SpeechClient _client;
    private readonly StreamingRecognitionConfig _config;
    private readonly Metadata _headers;
    private readonly TimeSpan _rotation;
    private readonly CancellationTokenSource _cancellation = new();

    // Only the writer's side disposes calls (once drained, or at dispose): had a reader disposed its failed call, the
    // writer's next write or half-close would fail with ObjectDisposedException instead of the provider's status.
    private readonly List<RecognizeCall> _calls = [];
    private RecognizeCall? _current;
    private TimeSpan _callStart;
    private volatile SpeechProviderException? _failure;

    public GoogleSpeechStream(
        Speech.SpeechClient client,
        StreamingRecognitionConfig config,
        Metadata headers,
        TimeSpan rotation,
        string providerName,
        SpeechStreamOptions options,
        TimeProvider timeProvider)
        : base(providerName, options, timeProvider)
    {
        _client = client;
        _config = config;
        _headers = headers;
        _rotation = rotation;
    }

    /// <summary>Number of calls opened so far (rotations and reopenings included).</summary>
    public int CallsOpened { get; private set; }

    public override async ValueTask WriteAudioAsync(ReadOnlyMemory<short> pcm, TimeSpan sessionOffset, CancellationToken cancellationToken)
    {
        if (_failure is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        if (pcm.IsEmpty)
        {
            return;
        }

        if (_current is not null && TimeMap.Sent - _callStart >= _rotation)
        {
            await EndCallAsync().ConfigureAwait(false);
        }

        try
        {
            var call = _current?.Call ?? await OpenCallAsync(cancellationToken).ConfigureAwait(false);
            var audio = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(pcm.Span));
            TimeMap.Record(pcm.Length, sessionOffset);
            await call.RequestStream.WriteAsync(new StreamingRecognizeRequest { AudioContent = audio }, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            // A failed call also fails its writes (often as Cancelled); the response side carries the real status.
            if (_current is { } current)
            {
                await current.Reader.WaitAsync(DrainTimeout, Time, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            throw _failure ?? Failure(ex);
        }
    }

    public override async ValueTask PauseAsync(CancellationToken cancellationToken) => await EndCallAsync().ConfigureAwait(false);

    public override async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        await EndCallAsync().ConfigureAwait(false);
        await Task.WhenAll(_calls.Select(c => c.Reader)).WaitAsync(DrainTimeout, Time, cancellationToken).ConfigureAwait(false);
        CompleteResults(_failure);
    }

    protected override async ValueTask DisposeCoreAsync()
    {
        await _cancellation.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_calls.Select(c => c.Reader)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or RpcException)
        {
            // Calls were cancelled on purpose.
        }

        foreach (var call in _calls)
        {
            call.Call.Dispose();
        }

        _calls.Clear();
        _current = null;
        _cancellation.Dispose();
    }

    private async Task<AsyncDuplexStreamingCall<StreamingRecognizeRequest, StreamingRecognizeResponse>> OpenCallAsync(CancellationToken cancellationToken)
    {
        DisposeDrainedCalls();
        var call = _client.StreamingRecognize(_headers, cancellationToken: _cancellation.Token);
        _callStart = TimeMap.Sent;
        CallsOpened++;
        _current = new RecognizeCall(call, ReadResponsesAsync(call, _callStart));
        _calls.Add(_current);
        await call.RequestStream.WriteAsync(new StreamingRecognizeRequest { StreamingConfig = _config }, cancellationToken).ConfigureAwait(false);
        return call;
    }

    /// <summary>Disposes the ended calls whose responses were all read; called only while no call takes audio.</summary>
    private void DisposeDrainedCalls()
    {
        for (var i = _calls.Count - 1; i >= 0; i--)
        {
            if (_calls[i].Reader.IsCompleted)
            {
                _calls[i].Call.Dispose();
                _calls.RemoveAt(i);
            }
        }
    }

    private async Task EndCallAsync()
    {
        if (_current is not { } current)
        {
            return;
        }

        _current = null;
        try
        {
            await current.Call.RequestStream.CompleteAsync().ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            _failure ??= Failure(ex);
        }
    }

    private async Task ReadResponsesAsync(AsyncDuplexStreamingCall<StreamingRecognizeRequest, StreamingRecognizeResponse> call, TimeSpan callStart)
    {
        var lastFinalEnd = TimeSpan.Zero;
        try
        {
            await foreach (var response in call.ResponseStream.ReadAllAsync(_cancellation.Token).ConfigureAwait(false))
            {
                foreach (var result in response.Results)
                {
                    if (result.Alternatives.Count == 0)
                    {
                        continue;
                    }

                    var best = result.Alternatives[0];
                    var end = result.ResultEndTime?.ToTimeSpan() ?? TimeSpan.Zero;
                    var start = best.Words.Count > 0 && best.Words[0].StartTime is { } first ? first.ToTimeSpan() : lastFinalEnd;
                    double? confidence = result.IsFinal ? best.Confidence : null;
                    Publish(result.IsFinal, best.Transcript, confidence, callStart + start, callStart + end);
                    if (result.IsFinal)
                    {
                        lastFinalEnd = end;
                    }
                }
            }
        }
        catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled || !_cancellation.IsCancellationRequested)
        {
            _failure ??= Failure(ex);
            CompleteResults(_failure);
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            // Disposed while reading.
        }
        catch (RpcException)
        {
            // Cancelled on dispose.
        }
    }

    /// <summary>The provider error for a failed call; a rejected key or token says so, since reconnecting will not help until it is fixed.</summary>
    private SpeechProviderException Failure(RpcException ex) =>
        ex.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied
            ? new SpeechProviderException(ProviderName, $"authentication rejected ({ex.StatusCode}: {ex.Status.Detail})", ex)
            : new SpeechProviderException(ProviderName, $"{ex.StatusCode}: {ex.Status.Detail}", ex);

    private sealed record RecognizeCall(AsyncDuplexStreamingCall<StreamingRecognizeRequest, StreamingRecognizeResponse> Call, Task Reader);
}
