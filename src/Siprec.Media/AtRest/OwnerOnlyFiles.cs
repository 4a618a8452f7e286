namespace Siprec.Media.AtRest;

/// <summary>
/// Creates recording data (audio, sidecars, transcripts, the index, the audit trail) readable by the server's user
/// only: files <c>0600</c>, folders <c>0700</c>. The mode is set at creation, so no other user can open a file in the
/// moment before a later chmod. On Windows, where Unix modes do not apply, the folder's ACLs govern instead.
/// </summary>
public static class OwnerOnlyFiles
{
    /// <summary>Mode of every file the server writes under the recording directory.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Mode of every folder the server creates under the recording directory.</summary>
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="path"/> and any missing parent as owner-only folders; existing folders keep their mode.</summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        // The framework gives the mode to the last folder only; missing parents are created one by one, outermost first.
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (Directory.Exists(full))
            return;
        if (Path.GetDirectoryName(full) is { } parent)
            CreateFolder(parent);
        Directory.CreateDirectory(full, FolderMode);
    }

    /// <summary>Opens <paramref name="path"/> as a <see cref="FileStream"/>; a file it creates is owner-only.</summary>
    public static FileStream Open(string path, System.IO.FileMode mode, FileAccess access, FileShare share, int bufferSize = 4096, bool useAsync = false)
    {
        var options = new FileStreamOptions
        {
            Mode = mode,
            Access = access,
            Share = share,
            BufferSize = bufferSize,
            Options = useAsync ? FileOptions.Asynchronous : FileOptions.None,
        };
        if (!OperatingSystem.IsWindows() && mode != System.IO.FileMode.Open && mode != System.IO.FileMode.Truncate)
            options.UnixCreateMode = FileMode;
        return new FileStream(path, options);
    }

    /// <summary>Restricts an existing file (one a library created, such as a SQLite database) to its owner.</summary>
    public static void Restrict(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path))
            File.SetUnixFileMode(path, FileMode);
    }

    /// <summary>True when users other than the owner may list or read <paramref name="folder"/>.</summary>
    public static bool OthersCanRead(string folder) =>
        !OperatingSystem.IsWindows() && Directory.Exists(folder)
        && (File.GetUnixFileMode(folder) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0;
}
