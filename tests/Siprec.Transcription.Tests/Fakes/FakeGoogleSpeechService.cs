using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Siprec.Transcription.Providers.Google.Protocol;

namespace Siprec.Transcription.Tests.Fakes;

/// <summary>
/// Implements <c>google.cloud.speech.v1.Speech/StreamingRecognize</c>: requires <c>x-goog-api-key</c> and a config as the first
/// message, counts audio, and per second of audio answers an interim then a final result with word times and result_end_time
/// relative to the call's first audio, as the real service does.
/// </summary>
internal sealed class FakeGoogleSpeechService : Speech.SpeechBase
{
    public const string ApiKey = "g-test-key";
    private long _audioBytes;
    private int _calls;

    public long AudioBytes => Interlocked.Read(ref _audioBytes);

    public int Calls => Volatile.Read(ref _calls);

    public List<string> Errors { get; } = [];

    public override async Task StreamingRecognize(
        IAsyncStreamReader<StreamingRecognizeRequest> requestStream,
        IServerStreamWriter<StreamingRecognizeResponse> responseStream,
        ServerCallContext context)
    {
        if (context.RequestHeaders.GetValue("x-goog-api-key") != ApiKey)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "API key not valid."));
        }

        var call = Interlocked.Increment(ref _calls);
        if (!await requestStream.MoveNext(context.CancellationToken) || requestStream.Current.StreamingConfig is not { } config)
        {
            Error("first message is not a streaming_config");
            throw new RpcException(new Status(StatusCode.InvalidArgument, "Invalid recognition 'config': first message must carry the config."));
        }

        if (config.Config.Encoding != RecognitionConfig.Types.AudioEncoding.Linear16 || config.Config.SampleRateHertz != 16000 || !config.InterimResults)
        {
            Error("bad config " + config);
        }

        var bytesPerSecond = config.Config.SampleRateHertz * 2;
        long callBytes = 0;
        long reported = 0;
        var index = 0;
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var request = requestStream.Current;
            if (request.StreamingRequestCase != StreamingRecognizeRequest.StreamingRequestOneofCase.AudioContent)
            {
                Error("config sent twice");
                throw new RpcException(new Status(StatusCode.InvalidArgument, "config must be sent once, first."));
            }

            Interlocked.Add(ref _audioBytes, request.AudioContent.Length);
            callBytes += request.AudioContent.Length;
            while (callBytes - reported >= bytesPerSecond)
            {
                var start = TimeSpan.FromSeconds((double)reported / bytesPerSecond);
                await responseStream.WriteAsync(Response($"call {call} part {index}", false, start + TimeSpan.FromMilliseconds(200), start + TimeSpan.FromMilliseconds(600)));
                await responseStream.WriteAsync(Response($"call {call} part {index} final", true, start + TimeSpan.FromMilliseconds(200), start + TimeSpan.FromSeconds(1)));
                reported += bytesPerSecond;
                index++;
            }
        }
    }

    private void Error(string message)
    {
        lock (Errors)
        {
            Errors.Add(message);
        }
    }

    private static StreamingRecognizeResponse Response(string text, bool isFinal, TimeSpan wordStart, TimeSpan end)
    {
        var alternative = new SpeechRecognitionAlternative { Transcript = text, Confidence = isFinal ? 0.88f : 0 };
        alternative.Words.Add(new WordInfo { Word = text.Split(' ')[0], StartTime = Duration.FromTimeSpan(wordStart), EndTime = Duration.FromTimeSpan(end) });
        var response = new StreamingRecognizeResponse();
        response.Results.Add(new StreamingRecognitionResult { IsFinal = isFinal, Stability = isFinal ? 0 : 0.8f, ResultEndTime = Duration.FromTimeSpan(end) });
        response.Results[0].Alternatives.Add(alternative);
        return response;
    }
}
