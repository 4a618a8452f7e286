namespace Siprec.Sip.Sdp;

/// <summary>Lookups over an attribute list shared by session and media descriptions.</summary>
internal static class SdpAttributeQueries
{
    public static SdpAttribute? Find(List<SdpAttribute> attributes, string name)
    {
        foreach (var attribute in attributes)
        {
            if (string.Equals(attribute.Name, name, StringComparison.OrdinalIgnoreCase))
                return attribute;
        }
        return null;
    }

    public static IReadOnlyList<string> Values(List<SdpAttribute> attributes, string name) =>
        [.. attributes.Where(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)).Select(a => a.Value ?? string.Empty)];

    public static SdpDirection? Direction(List<SdpAttribute> attributes)
    {
        for (var i = attributes.Count - 1; i >= 0; i--)
        {
            if (attributes[i].Value is not null)
                continue;
            SdpDirection? direction = attributes[i].Name.ToLowerInvariant() switch
            {
                "sendrecv" => SdpDirection.SendRecv,
                "sendonly" => SdpDirection.SendOnly,
                "recvonly" => SdpDirection.RecvOnly,
                "inactive" => SdpDirection.Inactive,
                _ => null,
            };
            if (direction is not null)
                return direction;
        }
        return null;
    }

    public static void SetDirection(List<SdpAttribute> attributes, SdpDirection direction)
    {
        attributes.RemoveAll(a => a.Value is null && a.Name.ToLowerInvariant() is "sendrecv" or "sendonly" or "recvonly" or "inactive");
        attributes.Add(new SdpAttribute(Name(direction)));
    }

    public static string Name(SdpDirection direction) => direction switch
    {
        SdpDirection.SendOnly => "sendonly",
        SdpDirection.RecvOnly => "recvonly",
        SdpDirection.Inactive => "inactive",
        _ => "sendrecv",
    };
}
