using System.Runtime.InteropServices;

namespace Siprec.Transcription.Providers.PocketSphinx;

/// <summary>P/Invoke declarations for Debian's libpocketsphinx3 (the 5prealpha API, configured through sphinxbase's cmd_ln).</summary>
internal static unsafe partial class PocketSphinxNative
{
    public const string Library = "libpocketsphinx.so.3";
    public const string BaseLibrary = "libsphinxbase.so.3";

    [LibraryImport(Library)]
    public static partial nint ps_args();

    [LibraryImport(Library)]
    public static partial nint ps_init(nint config);

    [LibraryImport(Library)]
    public static partial int ps_free(nint decoder);

    [LibraryImport(Library)]
    public static partial int ps_start_utt(nint decoder);

    [LibraryImport(Library)]
    public static partial int ps_process_raw(nint decoder, short* data, nuint samples, int noSearch, int fullUtterance);

    [LibraryImport(Library)]
    public static partial int ps_end_utt(nint decoder);

    [LibraryImport(Library)]
    public static partial nint ps_get_hyp(nint decoder, out int bestScore);

    [LibraryImport(BaseLibrary)]
    public static partial nint cmd_ln_parse_r(nint inout, nint definitions, int argc, nint* argv, int strict);

    [LibraryImport(BaseLibrary)]
    public static partial int cmd_ln_free_r(nint config);

    /// <summary>True when both native libraries can be loaded.</summary>
    public static bool IsAvailable()
    {
        foreach (var name in (ReadOnlySpan<string>)[Library, BaseLibrary])
        {
            if (!NativeLibrary.TryLoad(name, out var handle))
            {
                return false;
            }

            NativeLibrary.Free(handle);
        }

        return true;
    }
}
