using System.Diagnostics;
using Siprec.Testing;
using Siprec.Transcription.Configuration;
using Siprec.Transcription.Feed;
using Siprec.Transcription.Providers.Aws;
using Siprec.Transcription.Tests.Fakes;

namespace Siprec.Transcription.Tests.Providers.Aws;

public sealed class AwsTranscribeRecognizerTests
{
    private const int Rate = 8000;

    private static readonly AwsCredentials Credentials = new(FakeAwsTranscribeServer.AccessKeyId, FakeAwsTranscribeServer.SecretAccessKey, null);

    private static SpeechStreamOptions StreamOptions => ProviderScenarios.BobOnStream1(Rate);

    private static AwsTranscribeRecognizer Recognizer(FakeAwsTranscribeServer server, AwsCredentials? credentials = null) =>
        new(new AwsTranscribeSettings(FakeAwsTranscribeServer.Region, server.Endpoint, null), "es-US", () => credentials ?? Credentials, TimeProvider.System);

    [Fact]
    public async Task Transcript_events_are_parsed_with_speaker_and_timed_on_the_session_clock()
    {
        await using var server = await FakeAwsTranscribeServer.StartAsync();
        var sink = new CollectingSink();
        var metrics = new TranscriptionMetrics();
        await using var feed = new TranscriptionFeed(Recognizer(server), StreamOptions, [sink], metrics, ProviderScenarios.FastFeed);
        feed.Start();

        // The stream starts 10 s into the session.
        TestAudio.WritePackets(TestAudio.Tone(Rate, TimeSpan.FromSeconds(2)), Rate, 10 * Rate, (p, pos) => feed.Write(p, Rate, pos));
        await sink.WaitForAsync(s => s.Finals.Count >= 2, "two final results");

        var first = sink.Results[0];
        Assert.False(first.IsFinal);
        Assert.Equal("hello 1.0", first.Text);
        Assert.Null(first.Confidence);
        var finals = sink.Finals;
        Assert.Equal("hello 1.0 final", finals[0].Text);
        Assert.Equal(10.0, finals[0].Start.TotalSeconds, 0.01);
        Assert.Equal(11.0, finals[0].End.TotalSeconds, 0.01);
        Assert.Equal(11.0, finals[1].Start.TotalSeconds, 0.01);
        Assert.Equal(0.9, finals[0].Confidence!.Value, 3);
        ProviderScenarios.AssertAllFromBob(sink.Results, "aws");

        await feed.CompleteAsync();
        var connection = Assert.Single(server.Connections);
        Assert.True(connection.Ended);
        Assert.Equal("es-US", connection.Language);
        Assert.Equal(16000, connection.SampleRate);
        Assert.Equal(2 * 16000 * 2, server.AudioBytes);
        Assert.Empty(server.Errors);
        Assert.Empty(server.Refused);
    }

    [Fact]
    public async Task Pause_sends_only_silent_keep_alives_and_resume_continues_on_the_session_clock()
    {
        await using var server = await FakeAwsTranscribeServer.StartAsync();
        var sink = new CollectingSink();
        var pause = new TranscriptionPauseSwitch();
        await using var feed = new TranscriptionFeed(Recognizer(server), StreamOptions, [sink], new TranscriptionMetrics(), ProviderScenarios.FastFeed, gate: pause);
        feed.Start();

        var position = TestAudio.WritePackets(TestAudio.Tone(Rate, TimeSpan.FromSeconds(1)), Rate, 0, (p, pos) => feed.Write(p, Rate, pos));
        await sink.WaitForAsync(s => s.Finals.Count >= 1, "the first final");
        pause.Pause();
        await TestAudio.WaitUntilAsync(() => feed.Status.State == TranscriptionFeedState.Paused, "paused state");
        var pausedAt = Stopwatch.GetTimestamp();
        var bytesAtPause = server.AudioBytes;
        var keepAlivesAtPause = server.Connections[0].KeepAlives;

        var accepted = 0;
        for (var round = 0; round < 10; round++)
        {
            TestAudio.WritePackets(TestAudio.Tone(Rate, TimeSpan.FromMilliseconds(100)), Rate, position, (p, pos) => { accepted += feed.Write(p, Rate, pos) ? 1 : 0; return true; });
            position += Rate / 10;
            await Task.Delay(100);
        }

        await TestAudio.WaitUntilAsync(() => server.Connections[0].KeepAlives >= keepAlivesAtPause + 2, "silent keep-alives while paused");
        Assert.Equal(0, accepted);
        Assert.Equal(bytesAtPause, server.AudioBytes);
        Assert.Equal(0, server.Connections[0].SpeechBytesBetween(pausedAt, Stopwatch.GetTimestamp()));

        pause.Resume();
        var resumedAt = position;
        TestAudio.WritePackets(TestAudio.Tone(Rate, TimeSpan.FromSeconds(1)), Rate, resumedAt, (p, pos) => feed.Write(p, Rate, pos));
        await sink.WaitForAsync(s => s.Finals.Count >= 2, "a final after resume");
        Assert.Single(server.Connections);
        Assert.Equal(2 * 16000 * 2, server.AudioBytes);
        var afterResume = sink.Finals[1];
        Assert.Equal((double)resumedAt / Rate, afterResume.Start.TotalSeconds, 0.01);
        Assert.Equal(((double)resumedAt / Rate) + 1, afterResume.End.TotalSeconds, 0.01);
        Assert.Empty(server.Errors);
    }

    [Fact]
    public async Task An_exception_event_fails_the_stream_and_the_feed_reconnects()
    {
        await using var server = await FakeAwsTranscribeServer.StartAsync();
        server.FailConnections.Add(1);
        var sink = new CollectingSink();
        var metrics = new TranscriptionMetrics();
        await using var feed = new TranscriptionFeed(Recognizer(server), StreamOptions, [sink], metrics, ProviderScenarios.FastFeed);
        feed.Start();

        await ProviderScenarios.StreamToneUntilFinalAsync(feed, sink, Rate, () => $"a final from the second connection (connections {server.Connections.Count}, errors {metrics.Errors})", TimeSpan.FromSeconds(5));
        Assert.True(server.Connections.Count >= 2);
        Assert.True(metrics.Errors >= 1);
        Assert.True(metrics.Reconnects >= 1);
        Assert.StartsWith("hello 2.", sink.Finals[0].Text, StringComparison.Ordinal);
        Assert.Contains("LimitExceededException: You have reached your limit of concurrent streams.", feed.Status.LastError, StringComparison.Ordinal);
        Assert.Empty(server.Errors);
    }

    [Fact]
    public async Task Wrong_secret_is_refused_by_signature_and_counted_by_the_feed()
    {
        await using var server = await FakeAwsTranscribeServer.StartAsync();
        var recognizer = Recognizer(server, new AwsCredentials(FakeAwsTranscribeServer.AccessKeyId, "wrong", null));
        var error = await Assert.ThrowsAsync<SpeechProviderException>(() => recognizer.OpenStreamAsync(StreamOptions with { SampleRate = 16000 }, CancellationToken.None));
        Assert.DoesNotContain("X-Amz-Signature", error.Message, StringComparison.Ordinal);
        Assert.Equal("signature mismatch", Assert.Single(server.Refused));

        await ProviderScenarios.RefusedConnectsAreCountedAsync(recognizer, StreamOptions, Rate);
        Assert.Empty(server.Connections);
        Assert.All(server.Refused, r => Assert.Equal("signature mismatch", r));
    }

    [Fact]
    public void Settings_need_a_region_and_credentials_and_the_region_names_the_public_endpoint()
    {
        Assert.Throws<TranscriptionConfigurationException>(() => new AwsTranscribeRecognizer(new AwsTranscribeSettings(null, null, null), null, () => Credentials, TimeProvider.System));
        var missing = Assert.Throws<TranscriptionConfigurationException>(() => new AwsTranscribeRecognizer(new AwsTranscribeSettings("us-east-1", null, null), null, () => null, TimeProvider.System));
        Assert.Contains("AWS_ACCESS_KEY_ID", missing.Message, StringComparison.Ordinal);
        Assert.Equal(
            "wss://transcribestreaming.us-east-1.amazonaws.com:8443/stream-transcription-websocket",
            new AwsTranscribeSettings("us-east-1", null, null).StreamUri!.ToString());
    }
}
