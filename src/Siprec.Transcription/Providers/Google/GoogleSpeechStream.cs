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
    private readonly List<Task> _readers = [];
    private AsyncDuplexStreamingCall<StreamingRecognizeRequest, StreamingRecognizeResponse>? _call;
    private TimeSpan _callStart;
    private volatile SpeechProviderException? _failure;
    private Task _currentReader = Task.CompletedTask;

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

        if (_call is not null && TimeMap.Sent - _callStart >= _rotation)
        {
            await EndCallAsync().ConfigureAwait(false);
        }

        try
        {
            var call = _call ?? await OpenCallAsync(cancellationToken).ConfigureAwait(false);
            var audio = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(pcm.Span));
            TimeMap.Record(pcm.Length, sessionOffset);
            await call.RequestStream.WriteAsync(new StreamingRecognizeRequest { AudioContent = audio }, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            // A failed call also fails its writes (often as Cancelled); the response side carries the real status.
            await _currentReader.WaitAsync(DrainTimeout, Time, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw _failure ?? new SpeechProviderException(ProviderName, $"{ex.StatusCode}: {ex.Status.Detail}", ex);
        }
    }

    public override async ValueTask PauseAsync(CancellationToken cancellationToken) => await EndCallAsync().ConfigureAwait(false);

    public override async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        await EndCallAsync().ConfigureAwait(false);
        await Task.WhenAll(_readers).WaitAsync(DrainTimeout, Time, cancellationToken).ConfigureAwait(false);
        CompleteResults(_failure);
    }

    protected override async ValueTask DisposeCoreAsync()
    {
        await _cancellation.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_readers).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or RpcException)
        {
            // Calls were cancelled on purpose.
        }

        _call?.Dispose();
        _cancellation.Dispose();
    }

    private async Task<AsyncDuplexStreamingCall<StreamingRecognizeRequest, StreamingRecognizeResponse>> OpenCallAsync(CancellationToken cancellationToken)
    {
        _readers.RemoveAll(r => r.IsCompleted);
        var call = _client.StreamingRecognize(_headers, cancellationToken: _cancellation.Token);
        _call = call;
        _callStart = TimeMap.Sent;
        CallsOpened++;
        _currentReader = ReadResponsesAsync(call, _callStart);
        _readers.Add(_currentReader);
        await call.RequestStream.WriteAsync(new StreamingRecognizeRequest { StreamingConfig = _config }, cancellationToken).ConfigureAwait(false);
        return call;
    }

    private async Task EndCallAsync()
    {
        if (_call is not { } call)
        {
            return;
        }

        _call = null;
        try
        {
            await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        }
        catch (RpcException ex)
        {
            _failure ??= new SpeechProviderException(ProviderName, $"{ex.StatusCode}: {ex.Status.Detail}", ex);
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
            var failure = new SpeechProviderException(ProviderName, $"{ex.StatusCode}: {ex.Status.Detail}", ex);
            _failure ??= failure;
            CompleteResults(failure);
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            // Disposed while reading.
        }
        catch (RpcException)
        {
            // Cancelled on dispose.
        }
        finally
        {
            call.Dispose();
        }
    }
}
