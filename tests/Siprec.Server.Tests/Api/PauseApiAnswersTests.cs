using System.Text;
using Siprec.Server.Tests.Support;

namespace Siprec.Server.Tests.Api;

/// <summary>
/// Every pause endpoint, its errors and the session endpoints answered on fixed inputs, byte for byte: status, the headers
/// a client reads (Content-Type, Content-Length, Allow) and the body, against answers recorded from the server before its
/// API moved onto framework routing.
/// </summary>
public sealed class PauseApiAnswersTests
{
    private const string Key = "k1";

    private static readonly (string Method, string Path, string? Body, string? ApiKey, int AdvanceSeconds)[] Requests =
    [
        ("POST", "/api/sessions/session-123/pause", """{"pause_recording": true, "pause_transcription": false}""", Key, 0),
        ("GET", "/api/sessions/session-123/pause-status", null, Key, 150),
        ("POST", "/api/sessions/1-12345@127.0.0.1/pause", null, Key, 0),
        ("POST", "/api/sessions/abc%2Fdef%40host/pause", """{"reason": "card number", "pause_behavior": "silence", "idempotency_key": "op-1"}""", Key, 5),
        ("GET", "/api/sessions/a%252Fb/pause-status", null, Key, 0),
        ("GET", "/api/sessions/pause-status", null, Key, 10),
        ("GET", "/api/sessions", null, Key, 0),
        ("GET", "/api/sessions/1-12345@127.0.0.1", null, Key, 0),
        ("POST", "/api/sessions/session-123/resume", """{"resume_recording": true}""", Key, 0),
        ("POST", "/api/sessions/abc%2Fdef%40host/resume", """{"resume_recording": false, "resume_transcription": true}""", Key, 0),
        ("POST", "/api/sessions/pause-all", """{"pause_recording": true, "pause_transcription": true}""", Key, 30),
        ("POST", "/api/sessions/resume-all", null, Key, 30),
        ("GET", "/api/sessions/missing/pause-status", null, Key, 0),
        ("POST", "/api/sessions/missing/pause", "{}", Key, 0),
        ("POST", "/api/sessions/session-123/pause", "{", Key, 0),
        ("POST", "/api/sessions/session-123/pause", """{"pause_recording": false, "pause_transcription": false}""", Key, 0),
        ("POST", "/api/sessions/session-123/resume", """{"resume_recording": false, "resume_transcription": false}""", Key, 0),
        ("POST", "/api/sessions/pause-all", """{"pause_behavior": "mute"}""", Key, 0),
        ("GET", "/api/sessions/a%01b/pause-status", null, Key, 0),
        ("GET", "/api/sessions/%C3%28/pause-status", null, Key, 0),
        ("GET", "/api/sessions/" + new string('a', 257) + "/pause-status", null, Key, 0),
        ("GET", "/api/sessions/session-123/pause-status", null, null, 0),
        ("POST", "/api/sessions/pause-all", null, "wrong", 0),
        ("GET", "/api/sessions/s1/pause", null, null, 0),
        ("PUT", "/api/sessions/s1/resume", null, null, 0),
        ("POST", "/api/sessions/s1/pause-status", null, null, 0),
        ("GET", "/api/sessions/pause-all", null, null, 0),
        ("DELETE", "/api/sessions/resume-all", null, null, 0),
        ("POST", "/api/sessions/pause-status", null, null, 0),
        ("DELETE", "/api/sessions/s1", null, null, 0),
        ("GET", "/api/unknown", null, Key, 0),
        ("GET", "/api/sessions/a/b/c/d", null, Key, 0),
        ("GET", "/api", null, Key, 0),
        ("GET", "/api/sessions/", null, Key, 0),
        ("GET", "/api/sessions/session-123/pause-status/", null, Key, 0),
    ];

    [Fact]
    public async Task AnswersMatchTheRecordedOnes()
    {
        await using var server = await RunningServer.StartAsync(o =>
        {
            o.PauseResume.RequireAuth = true;
            o.PauseResume.ApiKeys = [Key];
        });
        foreach (var id in new[] { "session-123", "1-12345@127.0.0.1", "abc/def@host", "a%2Fb" })
        {
            server.AddSession(id);
        }

        var transcript = new StringBuilder();
        foreach (var (method, path, body, apiKey, advance) in Requests)
        {
            server.Clock.Advance(TimeSpan.FromSeconds(advance));
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(server.BaseAddress, path));
            if (body is not null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            if (apiKey is not null)
            {
                request.Headers.Add("X-API-Key", apiKey);
            }

            using var response = await server.Client.SendAsync(request);
            transcript.Append(method).Append(' ').Append(path).Append('\n');
            transcript.Append((int)response.StatusCode).Append('\n');
            transcript.Append("Content-Type: ").Append(response.Content.Headers.ContentType).Append('\n');
            transcript.Append("Content-Length: ").Append(response.Content.Headers.ContentLength).Append('\n');
            transcript.Append("Allow: ").AppendJoin(", ", response.Content.Headers.Allow).Append('\n');
            transcript.Append(await response.Content.ReadAsStringAsync()).Append('\n');
        }

        var expected = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Api", "PauseApiAnswers.txt"));
        Assert.Equal(expected, transcript.ToString());
    }
}
