using System.Runtime.InteropServices;

namespace Siprec.Recording.Tests.Support;

/// <summary>
/// A disk that fills up under a file this process holds open: the open descriptor is pointed at /dev/full, so every
/// later write through it fails with ENOSPC, as the real writer's writes would on a full disk (Linux).
/// </summary>
internal static partial class FullDisk
{
    /// <summary>Makes every later write to the open file at <paramref name="path"/> fail; false when this process does not hold it open.</summary>
    public static bool FillUnder(string path)
    {
        var target = Path.GetFullPath(path);
        var descriptor = Directory.GetFiles("/proc/self/fd")
            .Select(fd => (Fd: int.Parse(Path.GetFileName(fd), System.Globalization.CultureInfo.InvariantCulture), Target: LinkTarget(fd)))
            .FirstOrDefault(fd => string.Equals(fd.Target, target, StringComparison.Ordinal));
        if (descriptor.Target is null)
            return false;
        using var full = File.OpenHandle("/dev/full", FileMode.Open, FileAccess.Write);
        return Dup2((int)full.DangerousGetHandle(), descriptor.Fd) == descriptor.Fd;
    }

    private static string? LinkTarget(string fd)
    {
        try
        {
            return new FileInfo(fd).LinkTarget;
        }
        catch (IOException)
        {
            // The descriptor was closed between the listing and the read.
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    private static partial int Dup2(int oldDescriptor, int newDescriptor);
}
