using System.Collections.Concurrent;
using System.Text.Json;

namespace Siprec.EndToEnd.Tests.Transcription;

/// <summary>Reads <c>transcript</c> events from a server's SSE endpoint in the background and keeps their JSON.</summary>
internal sealed class TranscriptEventReader : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;

    private TranscriptEventReader(HttpClient http, Stream stream)
    {
        _http = http;
        _reading = Task.Run(() => ReadAsync(stream));
    }

    public ConcurrentQueue<JsonElement> Results { get; } = new();

    /// <summary>Opens <paramref name="path"/> (such as <c>api/transcripts/stream</c>) on the server at <paramref name="baseAddress"/>; returns once the stream is connected.</summary>
    public static async Task<TranscriptEventReader> OpenAsync(Uri baseAddress, string path)
    {
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var connect = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var response = await http.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, connect.Token);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
            throw new InvalidOperationException($"{path} answered {response.Content.Headers.ContentType}, not text/event-stream");
        return new TranscriptEventReader(http, await response.Content.ReadAsStreamAsync(connect.Token));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _http.Dispose();
        _stop.Dispose();
    }

    private async Task ReadAsync(Stream stream)
    {
        using var reader = new StreamReader(stream);
        string? eventName = null;
        for (var lines = 0; lines < 1_000_000 && !_stop.IsCancellationRequested; lines++)
        {
            var line = await reader.ReadLineAsync(_stop.Token);
            if (line is null)
                return;
            if (line.StartsWith("event: ", StringComparison.Ordinal))
                eventName = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && eventName == "transcript")
                Results.Enqueue(JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone());
            else if (line.Length == 0)
                eventName = null;
        }
    }
}
