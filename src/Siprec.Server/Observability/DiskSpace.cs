namespace Siprec.Server.Observability;

/// <summary>Free and total space of the volume holding a directory.</summary>
public static class DiskSpace
{
    /// <summary>Reads the volume of <paramref name="directory"/> (created if missing); false when it cannot be read.</summary>
    public static bool TryRead(string directory, out long freeBytes, out long totalBytes)
    {
        freeBytes = 0;
        totalBytes = 0;
        try
        {
            Directory.CreateDirectory(directory);
            var drive = new DriveInfo(Path.GetFullPath(directory));
            freeBytes = drive.AvailableFreeSpace;
            totalBytes = drive.TotalSize;
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }
}
