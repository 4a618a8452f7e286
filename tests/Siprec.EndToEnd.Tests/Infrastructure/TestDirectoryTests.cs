namespace Siprec.EndToEnd.Tests.Infrastructure;

public sealed class TestDirectoryTests : IDisposable
{
    private readonly TestDirectory _directory = new("test-directory");

    [Fact]
    public void NewFolderGivesEachCallerItsOwnEmptyFolderEvenUnderTheSameName()
    {
        File.WriteAllText(Path.Combine(_directory.NewFolder("sipp", "uac-siprec-call"), "logs.log"), "ANSWER_PORTS 20000 20002\n");

        var second = _directory.NewFolder("sipp", "uac-siprec-call");

        Assert.Equal(Path.Combine(_directory.Path, "sipp-2-uac-siprec-call"), second);
        Assert.Empty(Directory.EnumerateFileSystemEntries(second));
    }

    public void Dispose() => _directory.Dispose();
}
