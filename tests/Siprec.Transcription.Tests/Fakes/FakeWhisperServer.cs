using System.Buffers.Binary;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Siprec.Transcription.Tests.Fakes;

/// <summary>
/// An OpenAI-compatible <c>POST /v1/audio/transcriptions</c> endpoint: checks the multipart form (WAV <c>file</c>, <c>model</c>,
/// <c>response_format=json</c>) and answers <c>{"text": ...}</c> naming the utterance's length; can fail on demand.
/// </summary>
internal sealed class FakeWhisperServer : IAsyncDisposable
{
    private LoopbackServer? _server;
    private int _requests;

    public Uri TranscriptionsUri => new(_server!.BaseUri, "v1/audio/transcriptions");

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Requests (1-based) answered with HTTP 503.</summary>
    public HashSet<int> FailRequests { get; } = [];

    public List<string> Errors { get; } = [];

    public List<(int SampleRate, int Samples)> Uploads { get; } = [];

    public static async Task<FakeWhisperServer> StartAsync()
    {
        var fake = new FakeWhisperServer();
        fake._server = await LoopbackServer.StartAsync(app => app.MapPost("/v1/audio/transcriptions", fake.HandleAsync));
        return fake;
    }

    public ValueTask DisposeAsync() => _server!.DisposeAsync();

    private async Task<IResult> HandleAsync(HttpRequest request)
    {
        var number = Interlocked.Increment(ref _requests);
        if (FailRequests.Contains(number))
        {
            return Results.Json(new { error = new { message = "model loading" } }, statusCode: 503);
        }

        if (!request.HasFormContentType)
        {
            return Fail("not multipart");
        }

        var form = await request.ReadFormAsync();
        var file = form.Files["file"];
        if (file is null || form["model"] != "whisper-small" || form["response_format"] != "json")
        {
            return Fail("missing file/model/response_format");
        }

        using var content = new MemoryStream();
        await file.CopyToAsync(content);
        var wav = content.ToArray();
        if (wav.Length < 44 || !wav.AsSpan(0, 4).SequenceEqual("RIFF"u8) || !wav.AsSpan(8, 4).SequenceEqual("WAVE"u8)
            || BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(22)) != 1 || BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(34)) != 16)
        {
            return Fail("not a mono 16-bit WAV");
        }

        var rate = BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(24));
        var samples = BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(40)) / 2;
        lock (Uploads)
        {
            Uploads.Add((rate, samples));
        }

        return Results.Json(new { text = string.Create(CultureInfo.InvariantCulture, $" utterance {number} of {(double)samples / rate:0.0} seconds ") });
    }

    private IResult Fail(string reason)
    {
        lock (Errors)
        {
            Errors.Add(reason);
        }

        return Results.BadRequest(new { error = new { message = reason } });
    }
}
