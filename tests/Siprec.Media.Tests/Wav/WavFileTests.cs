using System.Text;
using Siprec.Media.Wav;

namespace Siprec.Media.Tests.Wav;

public sealed class WavFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("siprec-wav-").FullName;

    [Theory]
    [InlineData(1, 8000)]
    [InlineData(2, 8000)]
    [InlineData(2, 16000)]
    [InlineData(3, 16000)]
    public void WrittenFile_ReadsBackExactly(int channels, int rate)
    {
        string path = Path.Combine(_directory, "a.wav");
        short[] samples = [.. Enumerable.Range(0, channels * 1000).Select(i => (short)((i * 37) - 20000))];
        using (var writer = WavFileWriter.Create(path, channels, rate, bufferBytes: 4096))
        {
            writer.Write(samples.AsSpan(0, channels * 300));
            writer.Write(samples.AsSpan(channels * 300));
            writer.Complete();
        }

        WavFileContent content = WavFileReader.Read(path);

        Assert.Equal((channels, rate, 1000), (content.Channels, content.SampleRate, content.Frames));
        Assert.Equal(samples, content.Samples);
        Assert.Equal(content.FileDataBytes, content.DeclaredDataBytes);
    }

    [Fact]
    public void HeaderCoversOnlyCheckpointedData_UntilTheNextCheckpoint()
    {
        string path = Path.Combine(_directory, "live.wav");
        using var writer = WavFileWriter.Create(path, 2, 8000);
        Assert.Equal(0, WavFileReader.Read(path).DeclaredDataBytes);

        writer.Write(new short[2 * 800]);
        writer.Checkpoint();
        writer.Write(new short[2 * 800]);

        WavFileContent live = WavFileReader.Read(path);
        Assert.Equal(800 * 4, live.DeclaredDataBytes);
        Assert.Equal(800, live.Frames);
    }

    [Fact]
    public void UnbufferedWriter_PutsEachWriteInTheFileAtOnce_AndTheHeaderCoversItOnlyFromTheNextCheckpoint()
    {
        string path = Path.Combine(_directory, "direct.wav");
        short[] samples = [.. Enumerable.Range(0, 2 * 1600).Select(i => (short)((i * 53) - 9000))];
        using var writer = WavFileWriter.Create(path, 2, 8000, bufferBytes: 0);

        writer.Write(samples.AsSpan(0, 2 * 800));
        WavFileContent beforeCheckpoint = WavFileReader.Read(path);
        writer.Checkpoint();
        writer.Write(samples.AsSpan(2 * 800));
        WavFileContent afterCheckpoint = WavFileReader.Read(path);
        writer.Complete();
        WavFileContent complete = WavFileReader.Read(path);

        Assert.Equal((0L, 800L * 4), (beforeCheckpoint.DeclaredDataBytes, beforeCheckpoint.FileDataBytes));
        Assert.Equal((800L * 4, 1600L * 4), (afterCheckpoint.DeclaredDataBytes, afterCheckpoint.FileDataBytes));
        Assert.Equal(samples.AsSpan(0, 2 * 800).ToArray(), afterCheckpoint.Samples);
        Assert.Equal(samples, complete.Samples);
        Assert.Equal(complete.FileDataBytes, complete.DeclaredDataBytes);
    }

    [Fact]
    public void UnbufferedWriter_Salvage_KeepsEveryWriteThatReachedTheFile()
    {
        string path = Path.Combine(_directory, "direct-salvaged.wav");
        short[] samples = [.. Enumerable.Range(0, 2 * 3000).Select(i => (short)(i - 3000))];
        var writer = WavFileWriter.Create(path, 2, 8000, bufferBytes: 0);
        writer.Write(samples);

        long kept = writer.Salvage();

        WavFileContent content = WavFileReader.Read(path);
        Assert.Equal(3000, kept);
        Assert.Equal(samples, content.Samples);
        Assert.Equal(content.FileDataBytes, content.DeclaredDataBytes);
        writer.Dispose();
    }

    [Fact]
    public void Salvage_AfterAFailedWrite_HeaderCoversEveryWholeFrameThatReachedTheFile()
    {
        string path = Path.Combine(_directory, "salvaged.wav");
        short[] samples = [.. Enumerable.Range(0, 2 * 3000).Select(i => (short)(i - 3000))];
        var writer = WavFileWriter.Create(path, 2, 8000, bufferBytes: 4096);
        writer.Write(samples);

        long kept = writer.Salvage();

        WavFileContent content = WavFileReader.Read(path);
        Assert.Equal(2048, kept);
        Assert.Equal(2048 * 4, content.DeclaredDataBytes);
        Assert.Equal(content.FileDataBytes, content.DeclaredDataBytes);
        Assert.Equal(samples.AsSpan(0, 2 * 2048).ToArray(), content.Samples);
        writer.Dispose();
    }

    [Fact]
    public void AbandonedWriter_LeavesTheCheckpointedPrefix()
    {
        string path = Path.Combine(_directory, "crash.wav");
        var writer = WavFileWriter.Create(path, 1, 8000);
        writer.Write([1, 2, 3, 4]);
        writer.Checkpoint();
        writer.Write([5, 6]);
        writer.Dispose();

        Assert.Equal([1, 2, 3, 4], WavFileReader.Read(path).Samples);
    }

    [Fact]
    public void PartialFrame_IsRejected()
    {
        using var writer = WavFileWriter.Create(Path.Combine(_directory, "p.wav"), 2, 8000);

        Assert.Throws<ArgumentException>(() => writer.Write([1, 2, 3]));
    }

    [Fact]
    public void RecordingWriter_AlsoWritesMonoFilesPerChannel()
    {
        string mixed = Path.Combine(_directory, "mix.wav");
        string[] mono = [Path.Combine(_directory, "m0.wav"), Path.Combine(_directory, "m1.wav")];
        using (var writer = new WavRecordingWriter(mixed, 2, 8000, mono))
        {
            writer.Write([1, -1, 2, -2, 3, -3]);
            writer.Complete();
        }

        Assert.Equal([1, -1, 2, -2, 3, -3], WavFileReader.Read(mixed).Samples);
        Assert.Equal([1, 2, 3], WavFileReader.Read(mono[0]).Samples);
        Assert.Equal([-1, -2, -3], WavFileReader.Read(mono[1]).Samples);
    }

    public static TheoryData<string, byte[], string> BadFiles => new()
    {
        { "empty", [], "shorter than a RIFF header" },
        { "not riff", Encoding.ASCII.GetBytes("RIFX\0\0\0\0WAVE"), "Not a RIFF/WAVE" },
        { "no data", [.. Encoding.ASCII.GetBytes("RIFF\x04\0\0\0WAVE")], "No data chunk" },
        { "data before fmt", [.. Encoding.ASCII.GetBytes("RIFF\x0C\0\0\0WAVEdata\0\0\0\0")], "before the fmt chunk" },
        { "chunk overrun", [.. Encoding.ASCII.GetBytes("RIFF\x0C\0\0\0WAVEJUNK\xFF\0\0\0")], "runs past the end" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void BadFile_GivesASpecificError(string name, byte[] bytes, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => WavFileReader.Read(new MemoryStream(bytes)));
        Assert.True(error.Message.Contains(message, StringComparison.Ordinal), $"{name}: {error.Message}");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
