using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Siprec.Recording.Vcon;

/// <summary>
/// The vCon's version 8 UUID as the vCon core draft recommends: laid out like a version 7 UUID (milliseconds since the
/// epoch first), with the last 62 bits taken from the SHA-1 hash of the generating host's name.
/// </summary>
public static class VconUuid
{
    /// <summary>
    /// The UUID of the recording started at <paramref name="startedAt"/> with <paramref name="callId"/> on
    /// <paramref name="hostName"/>. The 12 bits a version 7 UUID fills at random come from the Call-ID instead, so the
    /// file written at the end of the call and the API's answer name the same vCon.
    /// </summary>
    public static string Create(DateTimeOffset startedAt, string callId, string hostName)
    {
        ArgumentNullException.ThrowIfNull(callId);
        ArgumentNullException.ThrowIfNull(hostName);
        Span<byte> uuid = stackalloc byte[16];
        var milliseconds = (ulong)startedAt.ToUnixTimeMilliseconds() & 0xFFFF_FFFF_FFFF;
        BinaryPrimitives.WriteUInt64BigEndian(uuid, milliseconds << 16);
        var callHash = SHA256.HashData(Encoding.UTF8.GetBytes(callId));
        uuid[6] = (byte)(0x80 | (callHash[0] & 0x0F));
        uuid[7] = callHash[1];
        var hostHash = SHA1.HashData(Encoding.UTF8.GetBytes(hostName.ToLowerInvariant()));
        var custom = (BinaryPrimitives.ReadUInt64BigEndian(hostHash) >> 2) | 0x8000_0000_0000_0000;
        BinaryPrimitives.WriteUInt64BigEndian(uuid[8..], custom);
        var hex = Convert.ToHexStringLower(uuid);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }
}
