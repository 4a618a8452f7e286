using System.Text.Json;
using Siprec.Transcription.Output;

namespace Siprec.Transcription.Tests.Output;

public sealed class TranscriptJsonlWriterTests
{
    private static readonly TranscriptResult Final = new(
        "call-7",
        1,
        "sip:bob@example.com",
        "Bob \"B\" Smith",
        true,
        "Hello, world.",
        0.9123456,
        TimeSpan.FromSeconds(12.5),
        TimeSpan.FromSeconds(14.25),
        "deepgram",
        new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    [Fact]
    public async Task Each_final_is_one_flushed_snake_case_line_and_interims_are_skipped()
    {
        var directory = Directory.CreateTempSubdirectory("siprec-jsonl-");
        try
        {
            var path = Path.Combine(directory.FullName, TranscriptJsonlWriter.FileNameFor("call-7"));
            await using (var writer = new TranscriptJsonlWriter(path))
            {
                await writer.WriteAsync(Final, CancellationToken.None);
                await writer.WriteAsync(Final with { IsFinal = false, Text = "Hel" }, CancellationToken.None);
                await writer.WriteAsync(Final with { SpeakerAor = null, Confidence = null, Text = "Second" }, CancellationToken.None);

                // Flushed per line: readable while the writer is still open.
                using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
                var lines = (await reader.ReadToEndAsync()).Split('\n');
                Assert.Equal(3, lines.Length);
                Assert.Equal(string.Empty, lines[2]);

                using var first = JsonDocument.Parse(lines[0]);
                var root = first.RootElement;
                Assert.Equal(
                    ["session_id", "stream_index", "speaker_aor", "speaker_name", "is_final", "text", "confidence", "start", "end", "provider", "received_at"],
                    root.EnumerateObject().Select(p => p.Name));
                Assert.Equal("call-7", root.GetProperty("session_id").GetString());
                Assert.Equal(1, root.GetProperty("stream_index").GetInt32());
                Assert.Equal("Bob \"B\" Smith", root.GetProperty("speaker_name").GetString());
                Assert.True(root.GetProperty("is_final").GetBoolean());
                Assert.Equal(0.9123, root.GetProperty("confidence").GetDouble());
                Assert.Equal(12.5, root.GetProperty("start").GetDouble());
                Assert.Equal(14.25, root.GetProperty("end").GetDouble());
                Assert.Equal(Final.ReceivedAt, root.GetProperty("received_at").GetDateTimeOffset());

                using var second = JsonDocument.Parse(lines[1]);
                Assert.Equal(JsonValueKind.Null, second.RootElement.GetProperty("speaker_aor").ValueKind);
                Assert.Equal(JsonValueKind.Null, second.RootElement.GetProperty("confidence").ValueKind);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Concurrent_writers_never_interleave_lines()
    {
        using var stream = new MemoryStream();
        var writer = new TranscriptJsonlWriter(new NonClosingStream(stream));
        await Task.WhenAll(Enumerable.Range(0, 8).Select(s => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                await writer.WriteAsync(Final with { StreamIndex = s, Text = $"line {i}" }, CancellationToken.None);
            }
        })));
        await writer.DisposeAsync();

        var lines = System.Text.Encoding.UTF8.GetString(stream.ToArray()).TrimEnd('\n').Split('\n');
        Assert.Equal(200, lines.Length);
        Assert.All(lines, line => Assert.Equal("line", JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()![..4]));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.WriteAsync(Final, CancellationToken.None).AsTask());
    }

    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
