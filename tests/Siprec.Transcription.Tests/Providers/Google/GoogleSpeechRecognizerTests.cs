using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Siprec.Transcription.Configuration;
using Siprec.Transcription.Feed;
using Siprec.Transcription.Providers.Google;
using Siprec.Transcription.Tests.Fakes;

namespace Siprec.Transcription.Tests.Providers.Google;

public sealed class GoogleSpeechRecognizerTests
{
    private const int Rate = 8000;
    private const string RejectionMessage = "google: authentication rejected (Unauthenticated: API key not valid.)";

    private static async Task<LoopbackServer> StartAsync(FakeGoogleSpeechService service) =>
        await LoopbackServer.StartAsync(
            app => app.MapGrpcService<FakeGoogleSpeechService>(),
            HttpProtocols.Http2,
            services =>
            {
                services.AddGrpc();
                services.AddSingleton(service);
            });

    private static GoogleSpeechSettings Settings(LoopbackServer server, TimeSpan rotation, string? key = FakeGoogleSpeechService.ApiKey) =>
        new(server.BaseUri, key, null, null, rotation);

    [Fact]
    public async Task Streams_are_rotated_and_results_keep_session_time_across_calls()
    {
        var service = new FakeGoogleSpeechService();
        await using var server = await StartAsync(service);
        using var recognizer = new GoogleSpeechRecognizer(Settings(server, TimeSpan.FromSeconds(2)), "en-US", TimeProvider.System);
        var sink = new CollectingSink();
        await using var feed = new TranscriptionFeed(recognizer, new SpeechStreamOptions("call-4", 0, "sip:dave@example.com", "Dave", null, Rate, TimeSpan.Zero), [sink], new TranscriptionMetrics());
        feed.Start();

        TestAudio.WritePackets(TestAudio.Tone(Rate, TimeSpan.FromSeconds(3)), Rate, 20 * Rate, (p, pos) => feed.Write(p, Rate, pos));
        await sink.WaitForAsync(s => s.Finals.Count >= 3, "three finals over two calls");
        await feed.CompleteAsync();

        Assert.Equal(2, service.Calls);
        // The drained call and the next one answer concurrently, so arrival order may differ from speech order.
        var finals = sink.Finals.OrderBy(f => f.Start).ToList();
        Assert.Equal(["call 1 part 0 final", "call 1 part 1 final", "call 2 part 0 final"], finals.Select(f => f.Text));
        Assert.Equal([20.2, 21.2, 22.2], finals.Select(f => Math.Round(f.Start.TotalSeconds, 1)));
        Assert.Equal([21.0, 22.0, 23.0], finals.Select(f => Math.Round(f.End.TotalSeconds, 1)));
        Assert.Equal(0.88, finals[0].Confidence!.Value, 2);
        Assert.Contains(sink.Results, r => !r.IsFinal && r.Text == "call 1 part 0");
        Assert.InRange(service.AudioBytes, (3 * 16000 * 2) - 64, (3 * 16000 * 2) + 64);
        Assert.Empty(service.Errors);
    }

    [Fact]
    public async Task Pause_ends_the_call_and_resume_opens_a_new_one_without_backlog()
    {
        var service = new FakeGoogleSpeechService();
        await using var server = await StartAsync(service);
        using var recognizer = new GoogleSpeechRecognizer(Settings(server, GoogleSpeechSettings.DefaultStreamRotation), null, TimeProvider.System);
        var sink = new CollectingSink();
        var pause = new TranscriptionPauseSwitch();
        await using var feed = new TranscriptionFeed(
            recognizer, new SpeechStreamOptions("call-4", 1, null, null, null, Rate, TimeSpan.Zero), [sink], new TranscriptionMetrics(), gate: pause);
        feed.Start();

        var position = TestAudio.WritePackets(TestAudio.Tone(Rate, TimeSpan.FromSeconds(1)), Rate, 0, (p, pos) => feed.Write(p, Rate, pos));
        await sink.WaitForAsync(s => s.Finals.Count >= 1, "a final before the pause");
        pause.Pause();
        await TestAudio.WaitUntilAsync(() => feed.Status.State == TranscriptionFeedState.Paused, "paused");
        Assert.False(feed.Write(new short[160], Rate, position));

        pause.Resume();
        var resumedAt = position + (5 * Rate);
        TestAudio.WritePackets(TestAudio.Tone(Rate, TimeSpan.FromSeconds(1)), Rate, resumedAt, (p, pos) => feed.Write(p, Rate, pos));
        await sink.WaitForAsync(s => s.Finals.Count >= 2, "a final after resume");

        // Each call keeps order: once the resumed second is in, the paused packet (640 bytes at 16 kHz) would be too.
        const long sent = 2 * 16000 * 2;
        await TestAudio.WaitUntilAsync(() => service.AudioBytes >= sent - 64, "the resumed audio at the service");
        Assert.InRange(service.AudioBytes, sent - 64, sent + 64);
        Assert.Equal(2, service.Calls);
        Assert.Equal("call 2 part 0 final", sink.Finals[1].Text);
        Assert.Equal(((double)resumedAt / Rate) + 0.2, sink.Finals[1].Start.TotalSeconds, 0.02);
    }

    [Fact]
    public async Task Rejected_key_is_the_only_error_reported_and_retried_without_reaching_the_caller()
    {
        var service = new FakeGoogleSpeechService();
        await using var server = await StartAsync(service);
        using var recognizer = new GoogleSpeechRecognizer(Settings(server, GoogleSpeechSettings.DefaultStreamRotation, "bad-key"), null, TimeProvider.System);
        var metrics = new TranscriptionMetrics();
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        metrics.ErrorObserved += (_, error) => errors.Enqueue(error);
        var options = TranscriptionFeedOptions.Default with { ReconnectBaseDelay = TimeSpan.FromMilliseconds(20), ReconnectMaxDelay = TimeSpan.FromMilliseconds(50) };
        var feed = new TranscriptionFeed(recognizer, new SpeechStreamOptions("call-4", 0, null, null, null, Rate, TimeSpan.Zero), [], metrics, options);
        await using (feed)
        {
            feed.Start();
            for (var round = 0; round < 200 && metrics.Errors < 2; round++)
            {
                feed.Write(new short[160], Rate, round * 160L);
                await Task.Delay(20);
            }

            // Ending the feed after the rejection must not add an error of its own.
            await feed.CompleteAsync();
            Assert.Equal(RejectionMessage, feed.Status.LastError);
        }

        Assert.True(errors.Count >= 2);
        Assert.All(errors, e => Assert.Equal(RejectionMessage, Assert.IsType<SpeechProviderException>(e).Message));
        Assert.Equal(0, service.Calls);
    }

    [Fact]
    public async Task After_a_rejected_key_pause_and_completion_raise_nothing_and_writes_raise_the_rejection()
    {
        var service = new FakeGoogleSpeechService();
        await using var server = await StartAsync(service);
        using var recognizer = new GoogleSpeechRecognizer(Settings(server, GoogleSpeechSettings.DefaultStreamRotation, "bad-key"), null, TimeProvider.System);
        var stream = await recognizer.OpenStreamAsync(new SpeechStreamOptions("call-5", 0, null, null, null, recognizer.PreferredSampleRate, TimeSpan.Zero), CancellationToken.None);
        await using (stream)
        {
            var firstWrite = await Record.ExceptionAsync(async () => await stream.WriteAudioAsync(new short[320], TimeSpan.Zero, CancellationToken.None));
            var rejection = await Assert.ThrowsAsync<SpeechProviderException>(() => stream.Results.Completion.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(RejectionMessage, rejection.Message);
            Assert.True(firstWrite is null || ReferenceEquals(rejection, firstWrite));

            await stream.PauseAsync(CancellationToken.None);
            var laterWrite = await Record.ExceptionAsync(async () => await stream.WriteAudioAsync(new short[320], TimeSpan.FromMilliseconds(20), CancellationToken.None));
            await stream.CompleteAsync(CancellationToken.None);

            Assert.Same(rejection, laterWrite);
        }
    }

    [Fact]
    public void Public_endpoint_without_credentials_is_a_configuration_error()
    {
        var settings = new GoogleSpeechSettings(GoogleSpeechSettings.DefaultEndpoint, null, null, null, GoogleSpeechSettings.DefaultStreamRotation);
        var error = Assert.Throws<TranscriptionConfigurationException>(() => new GoogleSpeechRecognizer(settings, null, TimeProvider.System));
        Assert.Contains("GOOGLE_API_KEY", error.Message, StringComparison.Ordinal);
    }
}
