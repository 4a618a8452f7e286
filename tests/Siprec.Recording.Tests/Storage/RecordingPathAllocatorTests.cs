using Siprec.Recording.Storage;

namespace Siprec.Recording.Tests.Storage;

public sealed class RecordingPathAllocatorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("siprec-paths-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("/absolute/path")]
    [InlineData("..")]
    [InlineData("a\\..\\..\\b")]
    [InlineData("call\0id")]
    [InlineData("C:\\windows")]
    [InlineData("x/y+z==")]
    public void HostileCallIdsStayInsideTheDatedFolder(string callId)
    {
        var allocator = new RecordingPathAllocator(_root);
        var location = allocator.Allocate(callId, new DateTimeOffset(2026, 3, 7, 23, 59, 0, TimeSpan.Zero));
        var expectedFolder = Path.Combine(_root, "2026", "03", "07");
        Assert.Equal(expectedFolder, Path.GetDirectoryName(Path.GetFullPath(location.AudioPath)));
        Assert.Equal(expectedFolder, Path.GetDirectoryName(Path.GetFullPath(location.SidecarPath)));
        Assert.True(File.Exists(location.AudioPath));
    }

    [Fact]
    public void DateFolderUsesUtc()
    {
        var allocator = new RecordingPathAllocator(_root);
        var location = allocator.Allocate("abc", new DateTimeOffset(2026, 1, 1, 1, 0, 0, TimeSpan.FromHours(3)));
        Assert.Equal(Path.Combine(_root, "2025", "12", "31"), location.Directory);
    }

    [Fact]
    public void SameCallIdTwiceGetsDistinctFiles()
    {
        var allocator = new RecordingPathAllocator(_root);
        var at = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var first = allocator.Allocate("dup@host", at);
        var second = allocator.Allocate("dup@host", at);
        Assert.NotEqual(first.AudioPath, second.AudioPath);
        Assert.EndsWith("-2", second.BaseName, StringComparison.Ordinal);
    }

    [Fact]
    public void IdsDifferingOnlyInReplacedCharactersDoNotCollide()
    {
        Assert.NotEqual(RecordingPathAllocator.SafeStem("a/b"), RecordingPathAllocator.SafeStem("a+b"));
        Assert.StartsWith("a_b-", RecordingPathAllocator.SafeStem("a/b"), StringComparison.Ordinal);
    }

    [Fact]
    public void LongIdsAreShortenedButStayUnique()
    {
        var a = RecordingPathAllocator.SafeStem(new string('x', 500) + "1");
        var b = RecordingPathAllocator.SafeStem(new string('x', 500) + "2");
        Assert.True(a.Length < 100);
        Assert.NotEqual(a, b);
    }
}
