using System.Diagnostics;
using Siprec.Transcription.Configuration;
using Siprec.Transcription.Feed;
using Siprec.Transcription.Providers.PocketSphinx;
using Siprec.Transcription.Tests.Fakes;

namespace Siprec.Transcription.Tests.Providers.PocketSphinx;

public sealed class PocketSphinxRecognizerTests
{
    [PocketSphinxFact]
    public async Task Spoken_phrase_is_transcribed_offline_with_sane_timing()
    {
        var directory = Directory.CreateTempSubdirectory("siprec-sphinx-");
        try
        {
            var speech = Path.Combine(directory.FullName, "speech.wav");
            var telephone = Path.Combine(directory.FullName, "speech-8k.raw");
            await RunAsync("espeak-ng", "-s", "140", "-w", speech, "hello world this is a test of the recording server");
            await RunAsync("sox", speech, "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer", "-t", "raw", telephone);
            var bytes = await File.ReadAllBytesAsync(telephone);
            var samples = new short[bytes.Length / 2];
            Buffer.BlockCopy(bytes, 0, samples, 0, samples.Length * 2);
            var spoken = TimeSpan.FromSeconds(samples.Length / 8000.0);

            var recognizer = new PocketSphinxRecognizer(new PocketSphinxSettings(PocketSphinxSettings.DefaultModelDirectory), TimeProvider.System);
            var sink = new CollectingSink();
            await using var feed = new TranscriptionFeed(
                recognizer,
                new SpeechStreamOptions("call-5", 0, null, "Speaker", "en-US", 8000, TimeSpan.Zero),
                [sink],
                new TranscriptionMetrics(),
                TranscriptionFeedOptions.Default with { QueueCapacity = 2000, CompleteTimeout = TimeSpan.FromSeconds(60) });
            feed.Start();

            // The phrase starts 2 s into the session, after silence.
            var position = TestAudio.WritePackets(TestAudio.Silence(8000, TimeSpan.FromSeconds(2)), 8000, 0, (p, pos) => feed.Write(p, 8000, pos));
            position = TestAudio.WritePackets(samples, 8000, position, (p, pos) => feed.Write(p, 8000, pos));
            TestAudio.WritePackets(TestAudio.Silence(8000, TimeSpan.FromSeconds(1)), 8000, position, (p, pos) => feed.Write(p, 8000, pos));
            await feed.CompleteAsync();

            var finals = sink.Finals;
            Assert.NotEmpty(finals);
            Assert.Contains(finals, f => f.Text.Any(char.IsLetter));
            Assert.All(finals, f =>
            {
                Assert.Equal("pocketsphinx", f.Provider);
                Assert.InRange(f.Start.TotalSeconds, 1.9, 2 + spoken.TotalSeconds);
                Assert.InRange(f.End.TotalSeconds, f.Start.TotalSeconds, 3.5 + spoken.TotalSeconds);
            });
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{file} failed: {await process.StandardError.ReadToEndAsync()}");
    }
}
