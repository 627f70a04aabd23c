package dev.pulpo.gateway.channel;

import dev.pulpo.gateway.GatewaySettings;
import dev.pulpo.gateway.web.BadRequestException;
import dev.pulpo.gateway.workspace.WorkspaceDirectory;
import dev.pulpo.schemas.event.Workspace;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Which workspace a message is for: named by the caller, or found by the business's number, else DEFAULT_WORKSPACE_ID. */
@Component
public class InboundWorkspaces {
    private final WorkspaceDirectory directory;
    private final GatewaySettings settings;

    public InboundWorkspaces(WorkspaceDirectory directory, GatewaySettings settings) {
        this.directory = directory;
        this.settings = settings;
    }

    /** The workspace named {@code requested}, or the default one when none is named; 404 when unknown. */
    public Workspace byId(String requested, String field) {
        return byId(requested, field, "missing required field '" + field + "' (and DEFAULT_WORKSPACE_ID is not set)");
    }

    /**
     * As {@link #byId(String, String)}, for a way in that can name the workspace in more than one place.
     *
     * @param unnamed the refusal (400) when the caller names none and there is no default, telling it where to name one
     */
    public Workspace byId(String requested, String field, String unnamed) {
        String id = requested != null && !requested.isBlank() ? requested : settings.defaultWorkspaceId();
        if (id == null) {
            throw new BadRequestException(HttpStatus.BAD_REQUEST, unnamed, field);
        }
        return known(id, field);
    }

    /** The workspace whose WhatsApp number is {@code businessPhone} (E.164), or the default one; 404 otherwise. */
    public Workspace byBusinessPhone(String businessPhone, String field) {
        return directory.byPhone(businessPhone).orElseGet(() -> {
            if (settings.defaultWorkspaceId() == null) {
                throw new BadRequestException(HttpStatus.NOT_FOUND,
                        "no workspace has the number " + businessPhone + " and DEFAULT_WORKSPACE_ID is not set", field);
            }
            return known(settings.defaultWorkspaceId(), field);
        });
    }

    private Workspace known(String id, String field) {
        return directory.find(id).orElseThrow(() -> new BadRequestException(HttpStatus.NOT_FOUND,
                "unknown workspace " + id, field));
    }
}
