using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Siprec.Recording.Metadata;

/// <summary>
/// Parses RFC 7865 recording metadata as real SRCs send it: the RFC namespace and its draft predecessors, prefixed or not,
/// <c>id</c> or <c>*_id</c> attributes, <c>nameID aor=</c> or <c>aor</c> children. Unknown elements are ignored; DTDs are refused.
/// Unless strict, streams and participants without ids and placeholder participants are read too (see <see cref="MetadataLeniency"/>).
/// </summary>
public static class RecordingMetadataParser
{
    /// <summary>Largest metadata document accepted, in characters.</summary>
    public const int MaxDocumentCharacters = 1024 * 1024;

    /// <summary>Deepest element nesting accepted; real documents stay under ten levels.</summary>
    public const int MaxDepth = 32;

    private static readonly XNamespace XmlNamespace = XNamespace.Xml;

    /// <summary>Parses a UTF-8 metadata body; throws <see cref="MetadataParseException"/> when it is malformed (or, when <paramref name="strict"/>, bends RFC 7865).</summary>
    public static RecordingMetadata Parse(ReadOnlySpan<byte> utf8, bool strict = false)
    {
        if (utf8.Length > MaxDocumentCharacters * 4)
            throw new MetadataParseException($"Recording metadata is larger than {MaxDocumentCharacters} characters.");
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(utf8);
        }
        catch (DecoderFallbackException ex)
        {
            throw new MetadataParseException("Recording metadata is not valid UTF-8.", ex);
        }

        return Parse(text, strict);
    }

    /// <summary>Parses a metadata document; throws <see cref="MetadataParseException"/> when it is malformed (or, when <paramref name="strict"/>, bends RFC 7865).</summary>
    public static RecordingMetadata Parse(string xml, bool strict = false)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var trimmed = xml.AsSpan().TrimStart("\uFEFF \t\r\n");
        if (trimmed.IsEmpty)
            throw new MetadataParseException("Recording metadata body is empty.");
        if (trimmed.Length > MaxDocumentCharacters)
            throw new MetadataParseException($"Recording metadata is larger than {MaxDocumentCharacters} characters.");

        var root = Load(trimmed.ToString()).Root!;
        if (!IsMetadataNamespace(root.Name.NamespaceName))
            throw new MetadataParseException($"Unknown recording metadata namespace '{root.Name.NamespaceName}'.");
        var rootName = Normalize(root.Name.LocalName);
        if (rootName is not ("recording" or "recordingmetadata"))
            throw new MetadataParseException($"Unexpected root element '{root.Name.LocalName}'; expected 'recording'.");

        var dataMode = MetadataDataMode.Complete;
        var groups = new List<MetadataGroup>();
        var sessions = new List<MetadataSession>();
        var participants = new List<MetadataParticipant>();
        var streams = new List<MetadataStream>();
        var associations = new List<ParticipantStreamAssociation>();
        var leniencies = MetadataLeniency.None;

        foreach (var element in MetadataChildren(root))
        {
            switch (Normalize(element.Name.LocalName))
            {
                case "datamode":
                    dataMode = ParseDataMode(element.Value);
                    break;
                case "group":
                    groups.Add(new MetadataGroup(
                        RequiredId(element, "group", "groupid"),
                        ChildTime(element, "associatetime"),
                        ChildTime(element, "disassociatetime")));
                    break;
                case "session":
                    sessions.Add(ParseSession(element));
                    break;
                case "participant":
                    participants.Add(ParseParticipant(element, strict, participants.Count + 1, ref leniencies));
                    break;
                case "stream":
                    if (ParseStream(element, strict, ref leniencies) is { } stream)
                        streams.Add(stream);
                    break;
                case "participantstreamassoc":
                    if (ParseAssociation(element, strict) is { } association)
                        associations.Add(association);
                    break;
                default:
                    break;
            }
        }

        return new RecordingMetadata(dataMode, groups, sessions, participants, streams, associations) { Leniencies = leniencies };
    }

    private static XDocument Load(string xml)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxDocumentCharacters,
            MaxCharactersFromEntities = 0,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = true,
        };
        try
        {
            // Checked in a first streaming pass so that hostile nesting never reaches the recursive parts of the tree API.
            using (var scan = XmlReader.Create(new StringReader(xml), settings))
            {
                while (scan.Read())
                {
                    if (scan.Depth > MaxDepth)
                        throw new MetadataParseException($"Recording metadata is nested deeper than {MaxDepth} levels.");
                }
            }

            using var reader = XmlReader.Create(new StringReader(xml), settings);
            return XDocument.Load(reader, LoadOptions.None);
        }
        catch (XmlException ex)
        {
            throw new MetadataParseException($"Recording metadata is not well-formed XML: {ex.Message}", ex);
        }
    }

    private static MetadataSession ParseSession(XElement element) =>
        new(
            RequiredId(element, "session", "sessionid"),
            ChildText(element, "groupref") ?? OptionalAttribute(element, "groupid", "group"),
            ChildTexts(element, "sipsessionid"),
            ChildTime(element, "starttime") ?? ChildTime(element, "associatetime"),
            ChildTime(element, "stoptime") ?? ChildTime(element, "disassociatetime"));

    // A stream without an id is still tied to its m-line by its label (Avaya SBCE sends stream_id="" before it knows the call).
    private static MetadataStream? ParseStream(XElement element, bool strict, ref MetadataLeniency leniencies)
    {
        var label = ChildText(element, "label") ?? OptionalAttribute(element, "label");
        var id = OptionalAttribute(element, "id", "streamid");
        if (id is null)
        {
            if (strict)
                throw new MetadataParseException("Element 'stream' has no stream id.");
            if (label is null)
                return null;
            id = "label:" + label;
            leniencies |= MetadataLeniency.StreamWithoutId;
        }

        return new MetadataStream(id, OptionalAttribute(element, "sessionid", "session"), label);
    }

    private static ParticipantStreamAssociation? ParseAssociation(XElement element, bool strict)
    {
        var participantId = OptionalAttribute(element, "participantid", "participant", "id")
            ?? ChildText(element, "participantref", "participant");
        if (participantId is null)
        {
            // Nothing can be joined to an association that names no participant; unless strict it is dropped.
            return strict ? throw new MetadataParseException("Element 'participantstreamassoc' has no participant id.") : null;
        }

        return new ParticipantStreamAssociation(
            participantId,
            ChildTexts(element, "send"),
            ChildTexts(element, "recv"),
            ChildTime(element, "associatetime"),
            ChildTime(element, "disassociatetime"));
    }

    private static MetadataParticipant ParseParticipant(XElement element, bool strict, int position, ref MetadataLeniency leniencies)
    {
        var id = OptionalAttribute(element, "id", "participantid");
        var nameId = MetadataChildren(element).FirstOrDefault(e => Normalize(e.Name.LocalName) == "nameid");
        var holder = nameId ?? element;
        var aor = (nameId is null ? null : OptionalAttribute(nameId, "aor"))
            ?? ChildText(holder, "aor")
            ?? ChildText(element, "aor");
        var nameElement = MetadataChildren(holder).FirstOrDefault(e => Normalize(e.Name.LocalName) == "name")
            ?? MetadataChildren(element).FirstOrDefault(e => Normalize(e.Name.LocalName) == "name");
        var name = nameElement?.Value.Trim();
        var language = nameElement?.Attribute(XmlNamespace + "lang")?.Value;
        if (id is null)
        {
            if (strict)
                throw new MetadataParseException("Element 'participant' has no participant id.");
            id = "participant:" + (aor ?? position.ToString(CultureInfo.InvariantCulture));
            leniencies |= MetadataLeniency.ParticipantWithoutId;
        }

        var participant = new MetadataParticipant(
            id,
            aor,
            string.IsNullOrEmpty(name) ? null : name,
            language,
            ChildTexts(element, "send"),
            ChildTexts(element, "recv"));
        if (participant.IsPlaceholder)
        {
            if (strict)
                throw new MetadataParseException($"Participant '{id}' is a placeholder ({aor}), not a party of the call.");
            leniencies |= MetadataLeniency.PlaceholderParticipant;
        }

        return participant;
    }

    private static MetadataDataMode ParseDataMode(string value) =>
        value.Trim().ToUpperInvariant() switch
        {
            "COMPLETE" => MetadataDataMode.Complete,
            "PARTIAL" => MetadataDataMode.Partial,
            _ => throw new MetadataParseException($"Unknown datamode '{value.Trim()}'; expected 'complete' or 'partial'."),
        };

    private static bool IsMetadataNamespace(string ns) =>
        ns.Length == 0
        || ns.StartsWith("urn:ietf:params:xml:ns:recording", StringComparison.OrdinalIgnoreCase)
        || ns.StartsWith("urn:ietf:params:xml:ns:siprec", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<XElement> MetadataChildren(XElement parent) =>
        parent.Elements().Where(e => IsMetadataNamespace(e.Name.NamespaceName));

    // Drafts and vendors spell the same names as stream_id, stream-id, streamId or streamid.
    private static string Normalize(string name)
    {
        Span<char> buffer = stackalloc char[Math.Min(name.Length, 128)];
        var length = 0;
        foreach (var c in name)
        {
            if (c is '_' or '-')
                continue;
            if (length == buffer.Length)
                return name.ToLowerInvariant();
            buffer[length++] = char.ToLowerInvariant(c);
        }

        return new string(buffer[..length]);
    }

    private static string RequiredId(XElement element, string what, string specificName) =>
        OptionalAttribute(element, "id", specificName)
            ?? throw new MetadataParseException($"Element '{element.Name.LocalName}' has no {what} id.");

    private static string? OptionalAttribute(XElement element, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            foreach (var attribute in element.Attributes())
            {
                if (attribute.IsNamespaceDeclaration || attribute.Name.NamespaceName.Length != 0)
                    continue;
                if (Normalize(attribute.Name.LocalName) == name)
                {
                    var value = attribute.Value.Trim();
                    if (value.Length != 0)
                        return value;
                }
            }
        }

        return null;
    }

    private static string? ChildText(XElement element, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            foreach (var child in MetadataChildren(element))
            {
                if (Normalize(child.Name.LocalName) != name)
                    continue;
                var value = child.Value.Trim();
                if (value.Length != 0)
                    return value;
            }
        }

        return null;
    }

    private static List<string> ChildTexts(XElement element, string name) =>
        MetadataChildren(element)
            .Where(e => Normalize(e.Name.LocalName) == name)
            .Select(e => e.Value.Trim())
            .Where(v => v.Length != 0)
            .ToList();

    // Times SRCs send without an offset are read as UTC; unreadable times are dropped rather than failing the call.
    private static DateTimeOffset? ChildTime(XElement element, string name)
    {
        var text = ChildText(element, name);
        if (text is null)
            return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;
    }
}
