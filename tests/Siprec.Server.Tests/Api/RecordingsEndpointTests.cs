using System.Net;
using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Siprec.Recording.Index;
using Siprec.Recording.Storage;
using Siprec.Server.Configuration;
using Siprec.Server.Tests.Support;

namespace Siprec.Server.Tests.Api;

public sealed class RecordingsEndpointTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Day = new(2026, 3, 4, 9, 0, 0, TimeSpan.Zero);
    private RunningServer _server = null!;

    public static TheoryData<string, string[]> Filters => new()
    {
        { "", ["call-c", "call-b", "call-a"] },
        { "?call_id=call-b", ["call-b"] },
        { "?session_id=rs-call-a", ["call-a"] },
        { "?participant=alice", ["call-c", "call-a"] },
        { "?participant=Bob%20B", ["call-a"] },
        { "?from=2026-03-04T10:00:00Z", ["call-c", "call-b"] },
        { "?to=2026-03-04T11:00:00%2B01:00", ["call-b", "call-a"] },
        { "?from=2026-03-04T09:30:00.5Z&to=2026-03-04T10:30:00Z", ["call-b"] },
        { "?limit=2", ["call-c", "call-b"] },
        { "?limit=2&offset=2", ["call-a"] },
        { "?offset=3", [] },
        { "?call_id=nobody", [] },
    };

    public static TheoryData<string, string> BadQueries => new()
    {
        { "?limit=0", "invalid 'limit': '0' is not an integer from 1 to 1000" },
        { "?limit=1001", "invalid 'limit': '1001' is not an integer from 1 to 1000" },
        { "?limit=ten", "invalid 'limit': 'ten' is not an integer from 1 to 1000" },
        { "?limit=-5", "invalid 'limit': '-5' is not an integer from 1 to 1000" },
        { "?offset=-1", "invalid 'offset': '-1' is not a non-negative integer" },
        { "?from=yesterday", "invalid 'from': 'yesterday' is not an RFC 3339 timestamp such as 2023-12-01T10:30:00Z" },
        { "?from=2026-03-04", "invalid 'from': '2026-03-04' is not an RFC 3339 timestamp such as 2023-12-01T10:30:00Z" },
        { "?to=2026-03-04T10:00:00", "invalid 'to': '2026-03-04T10:00:00' is not an RFC 3339 timestamp such as 2023-12-01T10:30:00Z" },
        { "?to=2026-13-40T10:00:00Z", "invalid 'to': '2026-13-40T10:00:00Z' is not an RFC 3339 timestamp such as 2023-12-01T10:30:00Z" },
        { "?from=2026-03-05T00:00:00Z&to=2026-03-04T00:00:00Z", "invalid range: 'from' is later than 'to'" },
        { "?call_id=", "query parameter 'call_id' is empty" },
        { "?call_id=a&call_id=b", "query parameter 'call_id' given more than once" },
        { "?sort=asc", "unknown query parameter 'sort' (known: call_id, session_id, participant, from, to, limit, offset)" },
    };

    public async Task InitializeAsync() => _server = await StartAsync(_ => { });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task ListFiltersAndPagesNewestFirst(string query, string[] expected)
    {
        var (status, json, _) = await _server.GetAsync("/api/recordings" + query);

        Assert.Equal(200, status);
        Assert.Equal(expected, json.GetProperty("recordings").EnumerateArray().Select(r => r.GetProperty("call_id").GetString()));
        Assert.Equal(expected.Length, json.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task ListedRecordingHasItsFilesTimesParticipantsAndStreams()
    {
        var (_, json, _) = await _server.GetAsync("/api/recordings?call_id=call-a");

        Assert.Equal(1, json.GetProperty("total").GetInt32());
        Assert.Equal(100, json.GetProperty("limit").GetInt32());
        Assert.Equal(0, json.GetProperty("offset").GetInt32());
        var r = json.GetProperty("recordings")[0];
        Assert.Equal("call-a-0001", r.GetProperty("id").GetString());
        Assert.Equal("rs-call-a", r.GetProperty("session_id").GetString());
        Assert.Equal("2026-03-04T09:00:00Z", r.GetProperty("started_at").GetString());
        Assert.Equal("2026-03-04T09:01:30Z", r.GetProperty("ended_at").GetString());
        Assert.Equal(90, r.GetProperty("duration_seconds").GetDouble());
        Assert.Equal("bye", r.GetProperty("end_reason").GetString());
        Assert.Equal("2026/03/04/call-a-0001.wav", r.GetProperty("recording_file").GetString());
        Assert.Equal("2026/03/04/call-a-0001.json", r.GetProperty("sidecar_file").GetString());
        Assert.Equal(["sip:alice@example.com", "sip:bob@example.com"], r.GetProperty("participants").EnumerateArray().Select(p => p.GetProperty("aor").GetString()));
        Assert.Equal(2, r.GetProperty("participants")[1].GetProperty("channels")[0].GetInt32());
        Assert.Equal("PCMA/8000", r.GetProperty("streams")[0].GetProperty("codec").GetString());
        Assert.Equal(JsonValueKind.Null, r.GetProperty("s3_key").ValueKind);
        Assert.Equal("/api/recordings/call-a-0001/audio", r.GetProperty("audio_url").GetString());
    }

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task BadQueryValuesAre400(string query, string message)
    {
        var (status, json, _) = await _server.GetAsync("/api/recordings" + query);

        Assert.Equal(400, status);
        Assert.Equal(message, json.GetProperty("error").GetString());
        Assert.Equal(400, json.GetProperty("code").GetInt32());
    }

    [Theory]
    [InlineData("call-b-0001")]
    [InlineData("call-b")]
    public async Task OneRecordingIsItsSidecarByIdOrCallId(string id)
    {
        var (status, json, response) = await _server.GetAsync("/api/recordings/" + id);

        Assert.Equal(200, status);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("call-b", json.GetProperty("call_id").GetString());
        Assert.Equal("call-b-0001.wav", json.GetProperty("recording_file").GetString());
        Assert.Equal("silence", json.GetProperty("pause_behavior").GetString());
        Assert.Equal("api", json.GetProperty("pauses")[0].GetProperty("source").GetString());
        Assert.Equal("5", json.GetProperty("dtmf_events")[0].GetProperty("digit").GetString());
    }

    [Fact]
    public async Task AudioIsTheWavWithRangeSupport()
    {
        var expected = Wav("call-c");
        using var full = await _server.Client.GetAsync(new Uri("/api/recordings/call-c-0001/audio", UriKind.Relative));
        using var ranged = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/recordings/call-c/audio", UriKind.Relative));
        ranged.Headers.Range = new RangeHeaderValue(100, 149);
        using var partial = await _server.Client.SendAsync(ranged);

        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal("audio/wav", full.Content.Headers.ContentType?.MediaType);
        Assert.Equal("bytes", full.Headers.AcceptRanges.Single());
        Assert.Equal(expected, await full.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal($"bytes 100-149/{expected.Length}", partial.Content.Headers.ContentRange?.ToString());
        Assert.Equal(expected[100..150], await partial.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task VconIsTheRecordingWithItsPartiesAudioHashAndPauses()
    {
        var (status, vcon, response) = await _server.GetAsync("/api/recordings/call-a/vcon");

        Assert.Equal(200, status);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("0.3.0", vcon.GetProperty("vcon").GetString());
        Assert.Equal(["sip:alice@example.com", "sip:bob@example.com"], vcon.GetProperty("parties").EnumerateArray().Select(p => p.GetProperty("sip").GetString()));
        Assert.Equal(["Alice", "Bob B"], vcon.GetProperty("parties").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        var dialog = vcon.GetProperty("dialog")[0];
        Assert.Equal("recording", dialog.GetProperty("type").GetString());
        Assert.Equal("2026-03-04T09:00:00.000Z", dialog.GetProperty("start").GetString());
        Assert.Equal(90, dialog.GetProperty("duration").GetDouble());
        Assert.Equal(new Uri(_server.BaseAddress, "/api/recordings/call-a/audio").ToString(), dialog.GetProperty("url").GetString());
        using var download = await _server.Client.GetAsync(new Uri(dialog.GetProperty("url").GetString()!));
        var downloaded = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(Wav("call-a"), downloaded);
        Assert.Equal("sha512-" + Base64Url.EncodeToString(SHA512.HashData(downloaded)), dialog.GetProperty("content_hash").GetString());
        var pause = vcon.GetProperty("attachments")[0];
        Assert.Equal("recording_pause", pause.GetProperty("purpose").GetString());
        Assert.Equal("api", pause.GetProperty("body").GetProperty("source").GetString());
        Assert.Equal("2026-03-04T09:00:20.000Z", pause.GetProperty("body").GetProperty("end").GetString());
    }

    [Fact]
    public async Task VconExportWritesTheVconBesideTheFinishedRecording()
    {
        await using var server = await StartAsync(o => o.Recording.VconExport = true);
        var folder = Path.Combine(server.Options.Recording.Directory, "2026", "03", "06");
        Directory.CreateDirectory(folder);
        var sidecar = Sidecar("call-new", Day.AddDays(2), "call-new-0001", ("tel:+15551234567", "Dana"));
        var location = new RecordingLocation(folder, "call-new-0001");
        await File.WriteAllBytesAsync(location.AudioPath, Wav("call-new"));
        await SidecarFileWriter.WriteAsync(location.SidecarPath, sidecar);

        foreach (var sink in server.App.Services.GetServices<IRecordingFinalizedSink>())
            sink.OnRecordingFinalized(new FinalizedRecording(location, sidecar));
        await WaitForTotalAsync(server, 4);
        using var written = JsonDocument.Parse(await ReadWhenWrittenAsync(location.VconPath));
        var (_, served, _) = await server.GetAsync("/api/recordings/call-new/vcon");

        var vcon = written.RootElement;
        Assert.Equal(served.GetProperty("uuid").GetString(), vcon.GetProperty("uuid").GetString());
        Assert.Equal("tel:+15551234567", vcon.GetProperty("parties")[0].GetProperty("tel").GetString());
        var dialog = vcon.GetProperty("dialog")[0];
        Assert.Equal("call-new-0001.wav", dialog.GetProperty("url").GetString());
        Assert.Equal("sha512-" + Base64Url.EncodeToString(SHA512.HashData(Wav("call-new"))), dialog.GetProperty("content_hash").GetString());
        Assert.Equal(0, server.Service<Siprec.Recording.Vcon.VconFileWriter>().Failures);
    }

    [Fact]
    public async Task AVconThatCannotBeWrittenIsLoggedWithTheCallIdAndCounted()
    {
        await using var server = await StartAsync(o => o.Recording.VconExport = true);
        var folder = Path.Combine(server.Options.Recording.Directory, "2026", "03", "07");
        Directory.CreateDirectory(folder);
        var sidecar = Sidecar("call-lost", Day.AddDays(3), "call-lost-0001");
        var location = new RecordingLocation(folder, "call-lost-0001");

        server.Service<Siprec.Recording.Vcon.VconFileWriter>().OnRecordingFinalized(new FinalizedRecording(location, sidecar));
        var metrics = await MetricWhenAsync(server, "siprec_vcon_export_failures_total 1");

        Assert.Contains("siprec_vcon_export_failures_total 1", metrics, StringComparison.Ordinal);
        Assert.Contains(server.Logs.Lines, line => line.Contains("vCon of call call-lost not written", StringComparison.Ordinal));
        Assert.False(File.Exists(location.VconPath));
    }

    [Fact]
    public async Task UnsatisfiableRangeIs416()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/recordings/call-c/audio", UriKind.Relative));
        request.Headers.Range = new RangeHeaderValue(1_000_000, null);
        using var response = await _server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/recordings/no-such-call", "recording not found: no-such-call")]
    [InlineData("/api/recordings/no-such-call/audio", "recording not found: no-such-call")]
    [InlineData("/api/recordings/no-such-call/vcon", "recording not found: no-such-call")]
    [InlineData("/api/recordings/..%2F..%2F..%2Fetc%2Fpasswd/audio", "recording not found: ../../../etc/passwd")]
    [InlineData("/api/recordings/..%5C..%5Cindex.db/audio", "recording not found: ..\\..\\index.db")]
    [InlineData("/api/recordings/..%2Findex.db/audio", "recording not found: ../index.db")]
    [InlineData("/api/recordings/%2Fetc%2Fpasswd", "recording not found: /etc/passwd")]
    [InlineData("/api/recordings/2026%2F03%2F04%2Fcall-a-0001.wav/audio", "recording not found: 2026/03/04/call-a-0001.wav")]
    public async Task UnknownAndTraversingIdsAre404(string path, string message)
    {
        var (status, json, _) = await _server.GetAsync(path);

        Assert.Equal(404, status);
        Assert.Equal(message, json.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("/api/recordings/a%01b", "invalid session id: contains a control character")]
    [InlineData("/api/recordings/a%0Ab/audio", "invalid session id: contains a control character")]
    [InlineData("/api/recordings/%C3%28", "invalid request path: bad percent-encoding")]
    public async Task InvalidIdsAre400(string path, string message)
    {
        var (status, json, _) = await _server.GetAsync(path);

        Assert.Equal(400, status);
        Assert.Equal(message, json.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("POST", "/api/recordings")]
    [InlineData("DELETE", "/api/recordings/call-a")]
    [InlineData("PUT", "/api/recordings/call-a/audio")]
    public async Task OnlyGetIsAllowed(string method, string path)
    {
        var (status, _, response) = await _server.SendAsync(new HttpMethod(method), path);

        Assert.Equal(405, status);
        Assert.Equal(["GET"], response.Content.Headers.Allow);
    }

    [Fact]
    public async Task ACraftedSidecarNeverServesAFileOutsideItsFolder()
    {
        var secret = Path.Combine(_server.Directory, "secret.wav");
        await File.WriteAllTextAsync(secret, "top secret");
        var folder = Path.Combine(_server.Options.Recording.Directory, "2026", "03", "05");
        Directory.CreateDirectory(folder);
        var sidecar = Sidecar("evil", Day.AddDays(1), "evil") with { RecordingFile = "../../../../secret.wav" };
        var location = new RecordingLocation(folder, "evil");
        await SidecarFileWriter.WriteAsync(location.SidecarPath, sidecar);
        _server.Service<RecordingIndexFeed>().OnRecordingFinalized(new FinalizedRecording(location, sidecar));
        await WaitForTotalAsync(_server, 4);

        var (status, json, _) = await _server.GetAsync("/api/recordings/evil/audio");

        Assert.Equal(404, status);
        Assert.Equal("audio of recording evil is not stored locally", json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task FinalizedSessionsReachTheIndexThroughTheRegisteredSink()
    {
        var folder = Path.Combine(_server.Options.Recording.Directory, "2026", "03", "06");
        Directory.CreateDirectory(folder);
        var sidecar = Sidecar("call-new", Day.AddDays(2), "call-new-0001");
        var location = new RecordingLocation(folder, "call-new-0001");
        await File.WriteAllBytesAsync(location.AudioPath, Wav("call-new"));
        await SidecarFileWriter.WriteAsync(location.SidecarPath, sidecar);

        foreach (var sink in _server.App.Services.GetServices<IRecordingFinalizedSink>())
            sink.OnRecordingFinalized(new FinalizedRecording(location, sidecar));
        await WaitForTotalAsync(_server, 4);

        var (_, json, _) = await _server.GetAsync("/api/recordings?limit=1");
        Assert.Equal("call-new", json.GetProperty("recordings")[0].GetProperty("call_id").GetString());
    }

    [Fact]
    public async Task DeletedAudioIs404()
    {
        File.Delete(Path.Combine(_server.Options.Recording.Directory, "2026", "03", "04", "call-b-0001.wav"));

        var (status, json, _) = await _server.GetAsync("/api/recordings/call-b/audio");

        Assert.Equal(404, status);
        Assert.Equal("audio of recording call-b is not stored locally", json.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("/api/recordings")]
    [InlineData("/api/recordings/call-a")]
    [InlineData("/api/recordings/call-a/audio")]
    [InlineData("/api/recordings/call-a/vcon")]
    public async Task RecordingsNeedTheApiKeyWhenAuthIsRequired(string path)
    {
        await using var server = await StartAsync(o =>
        {
            o.PauseResume.RequireAuth = true;
            o.PauseResume.ApiKeys = ["k-1"];
        });

        var (missing, json, _) = await server.GetAsync(path);
        var (wrong, _, _) = await server.GetAsync(path, apiKey: "nope");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-API-Key", "k-1");
        using var allowed = await server.Client.SendAsync(request);

        Assert.Equal(401, missing);
        Assert.Equal("missing API key (X-API-Key header)", json.GetProperty("error").GetString());
        Assert.Equal(401, wrong);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task AnUnusableIndexIs503AndDoesNotStopTheServer()
    {
        await using var server = await RunningServer.StartAsync(o =>
        {
            o.Recording.IndexPath = Path.GetTempPath();
        });

        var (status, json, _) = await server.GetAsync("/api/recordings");
        var (health, _, _) = await server.GetAsync("/api/sessions");

        Assert.Equal(503, status);
        Assert.Equal("recordings index unavailable", json.GetProperty("error").GetString());
        Assert.Equal(200, health);
    }

    private static async Task<RunningServer> StartAsync(Action<SiprecOptions> configure)
    {
        var server = await RunningServer.StartAsync(o =>
        {
            o.PauseResume.Behavior = Siprec.Media.Pipeline.PausedAudioBehavior.Silence;
            Seed(o.Recording.Directory);
            configure(o);
        });
        await WaitForTotalAsync(server, 3);
        return server;
    }

    /// <summary>Three recordings on disk before the server starts, as if recorded before the index existed.</summary>
    private static void Seed(string root)
    {
        var folder = Path.Combine(root, "2026", "03", "04");
        Directory.CreateDirectory(folder);
        var calls = new[]
        {
            Sidecar("call-a", Day, "call-a-0001", ("sip:alice@example.com", "Alice"), ("sip:bob@example.com", "Bob B")),
            Sidecar("call-b", Day.AddHours(1), "call-b-0001", ("sip:bob@example.net", null)),
            Sidecar("call-c", Day.AddHours(2), "call-c-0001", ("sip:carol@example.com", "Alice Carol")),
        };
        foreach (var sidecar in calls)
        {
            var location = new RecordingLocation(folder, Path.GetFileNameWithoutExtension(sidecar.RecordingFile));
            File.WriteAllBytes(location.AudioPath, Wav(sidecar.CallId));
            SidecarFileWriter.WriteAsync(location.SidecarPath, sidecar).GetAwaiter().GetResult();
        }
    }

    private static SessionSidecar Sidecar(string callId, DateTimeOffset start, string baseName, params (string Aor, string? Name)[] participants) => new()
    {
        CallId = callId,
        SessionId = "rs-" + callId,
        RecordingFile = baseName + ".wav",
        StartedAt = start,
        EndedAt = start.AddSeconds(90),
        EndReason = "bye",
        SampleRate = 8000,
        PauseBehavior = "silence",
        Participants = participants.Select((p, i) => new SidecarParticipant(null, p.Aor, p.Name, [i + 1])).ToList(),
        Streams = [new SidecarStream { Channel = 1, Label = "1", Codec = "PCMA/8000", Ssrcs = [1234u], PacketsReceived = 4500 }],
        Pauses = [new SidecarPause { Source = "api", Recording = true, StartedAt = start.AddSeconds(10), EndedAt = start.AddSeconds(20) }],
        DtmfEvents = [new SidecarDtmf(1, "5", 12.5, 160)],
    };

    /// <summary>A distinct byte pattern per call, long enough for range requests.</summary>
    private static byte[] Wav(string callId)
    {
        var bytes = new byte[4000];
        var seed = callId.Aggregate(17, (h, c) => (h * 31) + c);
        for (var i = 0; i < bytes.Length; i++)
            bytes[i] = (byte)((i * 7) + seed);
        return bytes;
    }

    private static async Task<string> ReadWhenWrittenAsync(string path)
    {
        for (var i = 0; i < 400 && !File.Exists(path); i++)
            await Task.Delay(25);
        return await File.ReadAllTextAsync(path);
    }

    private static async Task<string> MetricWhenAsync(RunningServer server, string line)
    {
        var text = string.Empty;
        for (var i = 0; i < 400 && !text.Contains(line, StringComparison.Ordinal); i++)
        {
            text = await server.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            if (!text.Contains(line, StringComparison.Ordinal))
                await Task.Delay(25);
        }

        return text;
    }

    private static async Task WaitForTotalAsync(RunningServer server, int total)
    {
        var index = server.Service<IRecordingIndex>();
        // Bounded by count, generous for a machine running every test project at once.
        for (var i = 0; i < 1200; i++)
        {
            try
            {
                if ((await index.QueryAsync(new RecordingQuery())).Total >= total)
                    return;
            }
            catch (Microsoft.Data.Sqlite.SqliteException)
            {
                // The feed may still be creating the database.
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"the index did not reach {total} recordings");
    }
}
