using System.Diagnostics;
using Siprec.Testing;
using Siprec.Transcription.Configuration;
using Siprec.Transcription.Feed;
using Siprec.Transcription.Providers.Azure;
using Siprec.Transcription.Tests.Fakes;

namespace Siprec.Transcription.Tests.Providers.Azure;

public sealed class AzureSpeechRecognizerTests
{
    private const int Rate = 8000;

    private static SpeechStreamOptions StreamOptions => ProviderScenarios.BobOnStream1(Rate);

    private static AzureSpeechRecognizer Recognizer(FakeAzureSpeechServer server, string key = FakeAzureSpeechServer.Key) =>
        new(new AzureSpeechSettings(key, null, null, server.Endpoint), "de-DE", TimeProvider.System);

    [Fact]
    public async Task Phrases_are_parsed_with_speaker_and_timed_on_the_session_clock()
    {
        await using var server = await FakeAzureSpeechServer.StartAsync();
        var sink = new CollectingSink();
        var metrics = new TranscriptionMetrics();
        await using var feed = new TranscriptionFeed(Recognizer(server), StreamOptions, [sink], metrics, ProviderScenarios.FastFeed);
        feed.Start();

        // The stream starts 10 s into the session.
        TestAudio.WritePackets(TestAudio.Tone(Rate, TimeSpan.FromSeconds(2)), Rate, 10 * Rate, (p, pos) => feed.Write(p, Rate, pos));
        await sink.WaitForAsync(s => s.Finals.Count >= 2, "two phrases");

        var first = sink.Results[0];
        Assert.False(first.IsFinal);
        Assert.Equal("hello 1.0", first.Text);
        Assert.Equal(10.0, first.Start.TotalSeconds, 0.01);
        Assert.Equal(10.5, first.End.TotalSeconds, 0.01);
        var finals = sink.Finals;
        Assert.Equal("hello 1.0 final", finals[0].Text);
        Assert.Equal(10.0, finals[0].Start.TotalSeconds, 0.01);
        Assert.Equal(11.0, finals[0].End.TotalSeconds, 0.01);
        Assert.Equal(11.0, finals[1].Start.TotalSeconds, 0.01);
        Assert.Equal(0.91, finals[0].Confidence!.Value, 3);
        ProviderScenarios.AssertAllFromBob(sink.Results, "azure");

        await feed.CompleteAsync();
        var connection = Assert.Single(server.Connections);
        Assert.Equal("de-DE", connection.Language);
        Assert.Single(connection.Turns);
        Assert.Equal(2 * 16000 * 2, server.AudioBytes);
        Assert.Equal(2.0, metrics.AudioSecondsSent, 0.01);
        Assert.Empty(server.Errors);
    }

    [Fact]
    public async Task Pause_ends_the_turn_sends_no_audio_and_resume_opens_a_new_turn_on_the_session_clock()
    {
        await using var server = await FakeAzureSpeechServer.StartAsync();
        var sink = new CollectingSink();
        var pause = new TranscriptionPauseSwitch();
        await using var feed = new TranscriptionFeed(Recognizer(server), StreamOptions, [sink], new TranscriptionMetrics(), ProviderScenarios.FastFeed, gate: pause);
        feed.Start();

        var position = TestAudio.WritePackets(TestAudio.Tone(Rate, TimeSpan.FromSeconds(1)), Rate, 0, (p, pos) => feed.Write(p, Rate, pos));
        await sink.WaitForAsync(s => s.Finals.Count >= 1, "the first phrase");
        pause.Pause();
        await TestAudio.WaitUntilAsync(() => feed.Status.State == TranscriptionFeedState.Paused, "paused state");
        var pausedAt = Stopwatch.GetTimestamp();
        var bytesAtPause = server.AudioBytes;

        // Audio offered during the pause is refused and never reaches the provider; the connection stays open across keep-alive intervals.
        var accepted = 0;
        for (var round = 0; round < 5; round++)
        {
            TestAudio.WritePackets(TestAudio.Tone(Rate, TimeSpan.FromMilliseconds(100)), Rate, position, (p, pos) => { accepted += feed.Write(p, Rate, pos) ? 1 : 0; return true; });
            position += Rate / 10;
            await Task.Delay(100);
        }

        Assert.Equal(0, accepted);
        Assert.Equal(bytesAtPause, server.AudioBytes);
        Assert.Equal(0, server.Connections[0].BytesBetween(pausedAt, Stopwatch.GetTimestamp()));
        Assert.Equal(TranscriptionFeedState.Paused, feed.Status.State);

        pause.Resume();
        var resumedAt = position;
        TestAudio.WritePackets(TestAudio.Tone(Rate, TimeSpan.FromSeconds(1)), Rate, resumedAt, (p, pos) => feed.Write(p, Rate, pos));
        await sink.WaitForAsync(s => s.Finals.Count >= 2, "a phrase after resume");
        var connection = Assert.Single(server.Connections);
        Assert.Equal(2, connection.Turns.Count);
        Assert.Equal(2 * 16000 * 2, server.AudioBytes);
        var afterResume = sink.Finals[1];
        Assert.Equal("hello 1.1 final", afterResume.Text);
        Assert.Equal((double)resumedAt / Rate, afterResume.Start.TotalSeconds, 0.01);
        Assert.Equal(((double)resumedAt / Rate) + 1, afterResume.End.TotalSeconds, 0.01);
        Assert.Empty(server.Errors);
    }

    [Fact]
    public async Task A_turn_the_service_ends_itself_is_followed_by_a_new_turn_for_the_next_audio()
    {
        await using var server = await FakeAzureSpeechServer.StartAsync();
        server.EndTurnsAfterFirstPhrase = true;
        var sink = new CollectingSink();
        await using var feed = new TranscriptionFeed(Recognizer(server), StreamOptions, [sink], new TranscriptionMetrics(), ProviderScenarios.FastFeed);
        feed.Start();

        var position = TestAudio.WritePackets(TestAudio.Tone(Rate, TimeSpan.FromSeconds(1)), Rate, 0, (p, pos) => feed.Write(p, Rate, pos));
        await sink.WaitForAsync(s => s.Finals.Count >= 1, "the first turn's phrase");
        await TestAudio.WaitUntilAsync(() => server.Connections[0].Turns.Count == 1 && server.Connections[0].Bytes == Rate * 4, "the first second at the service");
        TestAudio.WritePackets(TestAudio.Tone(Rate, TimeSpan.FromSeconds(1.5)), Rate, position, (p, pos) => feed.Write(p, Rate, pos));
        await sink.WaitForAsync(s => s.Finals.Count >= 2, "a phrase from a second turn");

        // Audio sent before the client heard of the turn's end is lost at the service; the new turn's offsets still map exactly.
        Assert.Equal(2, Assert.Single(server.Connections).Turns.Count);
        var second = sink.Finals[1];
        Assert.InRange(second.Start.TotalSeconds, 1.0, 1.25);
        Assert.Equal(1.0, (second.End - second.Start).TotalSeconds, 0.01);
        Assert.Empty(server.Errors);
    }

    [Fact]
    public async Task Provider_failure_reconnects_and_the_next_connection_configures_afresh()
    {
        await using var server = await FakeAzureSpeechServer.StartAsync();
        server.AbortConnections.Add(1);
        var sink = new CollectingSink();
        var metrics = new TranscriptionMetrics();
        await using var feed = new TranscriptionFeed(Recognizer(server), StreamOptions, [sink], metrics, ProviderScenarios.FastFeed);
        feed.Start();

        await ProviderScenarios.StreamToneUntilFinalAsync(feed, sink, Rate, () => $"a phrase from the second connection (connections {server.Connections.Count}, errors {metrics.Errors})", TimeSpan.FromSeconds(5));
        Assert.True(server.Connections.Count >= 2);
        Assert.True(metrics.Errors >= 1);
        Assert.True(metrics.Reconnects >= 1);
        Assert.StartsWith("hello 2.", sink.Finals[0].Text, StringComparison.Ordinal);
        Assert.NotNull(feed.Status.LastError);
        Assert.Empty(server.Errors);
    }

    [Fact]
    public async Task Wrong_key_is_a_connect_error_counted_by_the_feed()
    {
        await using var server = await FakeAzureSpeechServer.StartAsync();
        await ProviderScenarios.RefusedConnectsAreCountedAsync(Recognizer(server, "wrong"), StreamOptions, Rate);
        Assert.Empty(server.Connections);
    }

    [Fact]
    public void Settings_need_a_key_and_a_region_or_endpoint_and_the_region_names_the_public_endpoint()
    {
        Assert.Throws<TranscriptionConfigurationException>(() => new AzureSpeechRecognizer(new AzureSpeechSettings(null, null, "westeurope", null), null, TimeProvider.System));
        Assert.Throws<TranscriptionConfigurationException>(() => new AzureSpeechRecognizer(new AzureSpeechSettings("k", null, null, null), null, TimeProvider.System));
        Assert.Equal(
            "wss://westeurope.stt.speech.microsoft.com/speech/recognition/conversation/cognitiveservices/v1",
            new AzureSpeechSettings("k", null, "westeurope", null).RecognitionUri!.ToString());
    }
}
