using System.Runtime.InteropServices;
using Siprec.Media.Codecs;

namespace Siprec.Media.Tests.Codecs;

/// <summary>A fact that is skipped, with the reason, when the native Opus library cannot be loaded.</summary>
public sealed class OpusFactAttribute : FactAttribute
{
    public OpusFactAttribute()
    {
        if (NativeLibrary.TryLoad(OpusCodec.DefaultLibraryName, out var handle))
        {
            NativeLibrary.Free(handle);
        }
        else
        {
            Skip = $"{OpusCodec.DefaultLibraryName} not found; install the Debian package libopus0 to run this test.";
        }
    }
}
