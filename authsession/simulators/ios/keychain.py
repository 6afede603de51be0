"""The simulated Security API: one app's `SecItem*` calls against a simulated `Device`.

Owns: `IOSKeychainSimulator` (`SecItemAdd / SecItemCopyMatching / SecItemUpdate / SecItemDelete`
with the app's access groups, injected failures and a journal of `Call`s that records attribute
names, never values) and the query parsing those calls share. No real time, no I/O.
Must not import the adapter, the core or the runtime.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Final, Literal

from authsession.adapters.keychain import ProtectionClass
from authsession.platforms.ios.secitem import (
    ACCESS_CONTROL,
    ACCESS_GROUP,
    ACCESSIBLE,
    ACCOUNT,
    CLASS,
    DATA,
    GENERIC_PASSWORD,
    IOS_PROTECTION_CLASSES,
    SERVICE,
    SYNCHRONIZABLE,
    SYNCHRONIZABLE_ANY,
    AccessControl,
)
from authsession.platforms.ios.status import OSStatus
from authsession.simulators.ios.device import DEFAULT_PROTECTION, Device, KeychainItem, PrimaryKey

_QUERY_KEYS: Final = frozenset({CLASS, SERVICE, ACCOUNT, ACCESS_GROUP, SYNCHRONIZABLE, ACCESSIBLE})
_ADD_KEYS: Final = _QUERY_KEYS | {DATA, ACCESS_CONTROL}
_UPDATE_KEYS: Final = _ADD_KEYS - {CLASS}

Operation = Literal["add", "copy_matching", "update", "delete"]


@dataclass(frozen=True)
class Call:
    """A journal entry: which API was called, with which attribute *names*, and its status.
    Values are never recorded, so the journal cannot leak a secret."""

    operation: Operation
    status: OSStatus
    query_keys: frozenset[str]
    attribute_keys: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _Query:
    """A parsed match query: `None` means 'not named, matches anything' except where the real
    API has a narrower default (access group, synchronizable)."""

    service: str | None = None
    account: str | None = None
    access_group: str | None = None
    synchronizable: bool | None = False
    accessible: ProtectionClass | None = None


# The app's Security API -------------------------------------------------------------------------


class IOSKeychainSimulator:
    """One app's `SecItem*` calls against a `Device`'s keychain.

    `access_groups` are the app's keychain-access-groups entitlement; the first is where items
    land when an add names no group. A query that names no group sees only that default group,
    so an item in another group is invisible unless the query names it; a group outside the
    entitlement is never visible (reads -25300) and cannot be written (add -34018).

    `not_found_while_locked` turns on the field-reported iOS behaviour (Firebase iOS SDK PR
    #16505) where `SecItemCopyMatching` answers -25300 instead of -25308 for a locked item.
    """

    def __init__(
        self,
        device: Device,
        *,
        access_groups: Sequence[str] = ("TEAMID.com.example.app",),
        not_found_while_locked: bool = False,
        interaction_allowed: Callable[[], bool] | None = None,
    ) -> None:
        """`interaction_allowed`: can the app show the system's authentication prompt now (is it
        on screen)? An access-controlled item is readable only then; default: always."""
        if not access_groups:
            raise ValueError("an app always has at least its default access group")
        self._device = device
        self._access_groups = tuple(access_groups)
        self._not_found_while_locked = not_found_while_locked
        self._interaction_allowed = interaction_allowed
        self._journal: list[Call] = []
        self._injected: dict[Operation, list[OSStatus]] = {}

    @property
    def device(self) -> Device:
        return self._device

    @property
    def access_groups(self) -> tuple[str, ...]:
        return self._access_groups

    @property
    def default_access_group(self) -> str:
        return self._access_groups[0]

    def can_prompt(self) -> bool:
        return self._interaction_allowed is None or self._interaction_allowed()

    def biometry_changed(self, item: KeychainItem) -> bool:
        """Has the biometric enrollment changed since `item`'s access control was bound? What an
        app learns by comparing `LAContext.evaluatedPolicyDomainState` with the value it saved
        when it wrote the item."""
        return (
            item.access_control is AccessControl.BIOMETRY_CURRENT_SET
            and item.enrollment != self._device.biometry_enrollment
        )

    def _gate(self, item: KeychainItem) -> OSStatus | None:
        """The access-control check of a read or update (after the class key's): no prompt can be
        shown off screen (-25308, errSecInteractionNotAllowed); a `biometry_current_set` item
        whose enrollment changed fails its evaluation for good (-25293, errSecAuthFailed — what
        field reports show, e.g. authpass/biometric_storage #128). Otherwise the prompt is shown
        and the user passes it (declines are not modelled)."""
        if item.access_control is None:
            return None
        if not self.can_prompt():
            return OSStatus.INTERACTION_NOT_ALLOWED
        if self.biometry_changed(item):
            return OSStatus.AUTH_FAILED
        return None

    def passcode_set(self) -> bool:
        """What `LAContext().canEvaluatePolicy(.deviceOwnerAuthentication)` tells an app: is a
        passcode set on this device? (Not a keychain call: it touches no row.)"""
        return self._device.passcode

    @property
    def journal(self) -> tuple[Call, ...]:
        """Every call so far, in order (names and statuses only)."""
        return tuple(self._journal)

    def fail_next(self, operation: Operation, status: OSStatus) -> None:
        """Make the next `operation` call return `status` without touching any row: for codes
        the model cannot produce on its own (errSecDecode, errSecNotAvailable, -128, ...)."""
        self._injected.setdefault(operation, []).append(status)

    # SecItemAdd -----------------------------------------------------------------------------

    def add(self, query: Mapping[str, object]) -> OSStatus:
        status = self._injected_status("add")
        if status is None:  # not `or`: errSecSuccess is 0, hence falsy
            status = self._add(query)
        self._record("add", status, query)
        return status

    def _add(self, query: Mapping[str, object]) -> OSStatus:
        if query.get(CLASS) != GENERIC_PASSWORD or not set(query) <= _ADD_KEYS:
            return OSStatus.PARAM
        parsed = _parse_filters(query)
        data = query.get(DATA, b"")
        if parsed is None or not isinstance(data, bytes) or parsed.synchronizable is None:
            return OSStatus.PARAM
        group = parsed.access_group or self.default_access_group
        if group not in self._access_groups:
            return OSStatus.MISSING_ENTITLEMENT
        protection = parsed.accessible or DEFAULT_PROTECTION
        # The new row is encrypted under its class key; if that key is not in memory the add
        # fails before any uniqueness check. This is also the answer for WhenPasscodeSet on a
        # device without a passcode (that class key does not exist) — see docs/platforms/ios.md.
        if not self._device.protected_data_available(protection):
            return OSStatus.INTERACTION_NOT_ALLOWED
        key = PrimaryKey(
            service=parsed.service or "",
            account=parsed.account or "",
            access_group=group,
            synchronizable=parsed.synchronizable,
        )
        if key in self._device._rows:
            return OSStatus.DUPLICATE_ITEM
        raw = query.get(ACCESS_CONTROL)
        control = _access_control(raw)
        if raw is not None and (control is None or not self._device.passcode):
            return OSStatus.PARAM  # access control needs a passcode to prompt for
        self._device._rows[key] = KeychainItem(
            key=key,
            accessible=protection,
            data=data,
            access_control=control,
            enrollment=self._device.biometry_enrollment,
        )
        return OSStatus.SUCCESS

    # SecItemCopyMatching (kSecMatchLimitOne, return attributes and data) -------------------

    def copy_matching(
        self, query: Mapping[str, object]
    ) -> tuple[OSStatus, dict[str, object] | None]:
        injected = self._injected_status("copy_matching")
        if injected is not None:
            status, found = injected, None
        else:
            status, found = self._copy_matching(query)
        self._record("copy_matching", status, query)
        return status, (found.attributes() if found is not None else None)

    def _copy_matching(self, query: Mapping[str, object]) -> tuple[OSStatus, KeychainItem | None]:
        matches = self._match(query)
        if isinstance(matches, OSStatus):
            return matches, None
        if not matches:
            return OSStatus.ITEM_NOT_FOUND, None
        for item in matches:
            if self._device.protected_data_available(item.accessible):
                gated = self._gate(item)
                if gated is not None:
                    return gated, None
                return OSStatus.SUCCESS, item
        # securityd keeps the locked row's -25308 as the query's error rather than skipping it.
        if self._not_found_while_locked:
            return OSStatus.ITEM_NOT_FOUND, None
        return OSStatus.INTERACTION_NOT_ALLOWED, None

    # SecItemUpdate --------------------------------------------------------------------------

    def update(self, query: Mapping[str, object], attributes: Mapping[str, object]) -> OSStatus:
        status = self._injected_status("update")
        if status is None:  # not `or`: errSecSuccess is 0, hence falsy
            status = self._update(query, attributes)
        self._record("update", status, query, attributes)
        return status

    def _update(self, query: Mapping[str, object], attributes: Mapping[str, object]) -> OSStatus:
        if not attributes or not set(attributes) <= _UPDATE_KEYS:
            return OSStatus.PARAM
        changes = _parse_filters(attributes)
        data = attributes.get(DATA)
        if changes is None:
            return OSStatus.PARAM
        if data is not None and not isinstance(data, bytes):
            return OSStatus.PARAM
        if changes.access_group is not None and changes.access_group not in self._access_groups:
            return OSStatus.MISSING_ENTITLEMENT
        if attributes.get(ACCESS_CONTROL) not in (None, *AccessControl):
            return OSStatus.PARAM
        matches = self._match(query)
        if isinstance(matches, OSStatus):
            return matches
        if not matches:
            return OSStatus.ITEM_NOT_FOUND
        updated = [_apply(item, attributes, changes, data) for item in matches]
        # Re-encrypting a row needs the old class key (to decrypt) and the new one (to encrypt):
        # this is why an accessibility migration only works while the item is readable.
        for old, new in zip(matches, updated, strict=True):
            for protection in (old.accessible, new.accessible):
                if not self._device.protected_data_available(protection):
                    return OSStatus.INTERACTION_NOT_ALLOWED
            gated = self._gate(old)
            if gated is not None:
                return gated
        old_keys = {item.key for item in matches}
        new_keys = [item.key for item in updated]
        others = self._device._rows.keys() - old_keys
        if len(set(new_keys)) != len(new_keys) or any(key in others for key in new_keys):
            return OSStatus.DUPLICATE_ITEM
        rows = {key: row for key, row in self._device._rows.items() if key not in old_keys}
        for new in updated:
            rows[new.key] = new
        self._device._rows = rows
        return OSStatus.SUCCESS

    # SecItemDelete --------------------------------------------------------------------------

    def delete(self, query: Mapping[str, object]) -> OSStatus:
        status = self._injected_status("delete")
        if status is None:  # not `or`: errSecSuccess is 0, hence falsy
            status = self._delete(query)
        self._record("delete", status, query)
        return status

    def _delete(self, query: Mapping[str, object]) -> OSStatus:
        matches = self._match(query)
        if isinstance(matches, OSStatus):
            return matches
        if not matches:
            return OSStatus.ITEM_NOT_FOUND
        # Assumption (no primary source found): deleting needs the rows decryptable like any
        # other row access, so a locked item cannot be deleted either.
        if not all(self._device.protected_data_available(item.accessible) for item in matches):
            return OSStatus.INTERACTION_NOT_ALLOWED
        doomed = {item.key for item in matches}
        self._device._drop(lambda item: item.key in doomed)
        return OSStatus.SUCCESS

    # Matching -------------------------------------------------------------------------------

    def _match(self, query: Mapping[str, object]) -> list[KeychainItem] | OSStatus:
        """Rows matching *every* attribute the query names (securityd builds one SQL WHERE
        clause from all of them; `pdmn` is an ordinary column, so naming a class filters)."""
        if query.get(CLASS) != GENERIC_PASSWORD or not set(query) <= _QUERY_KEYS:
            return OSStatus.PARAM
        parsed = _parse_filters(query, allow_any=True)
        if parsed is None:
            return OSStatus.PARAM
        if parsed.access_group is not None and parsed.access_group not in self._access_groups:
            # securityd always restricts the SELECT to the caller's entitled groups.
            return []
        group = parsed.access_group or self.default_access_group
        return [
            item
            for item in self._device._rows.values()
            if item.key.access_group == group
            and (parsed.service is None or item.key.service == parsed.service)
            and (parsed.account is None or item.key.account == parsed.account)
            and (parsed.synchronizable is None or item.key.synchronizable == parsed.synchronizable)
            and (parsed.accessible is None or item.accessible is parsed.accessible)
        ]

    def _injected_status(self, operation: Operation) -> OSStatus | None:
        queue = self._injected.get(operation)
        return queue.pop(0) if queue else None

    def _record(
        self,
        operation: Operation,
        status: OSStatus,
        query: Mapping[str, object],
        attributes: Mapping[str, object] | None = None,
    ) -> None:
        self._journal.append(
            Call(
                operation=operation,
                status=status,
                query_keys=frozenset(query),
                attribute_keys=frozenset(attributes or ()),
            )
        )

    def __repr__(self) -> str:
        return (
            f"IOSKeychainSimulator(access_groups={self._access_groups!r}, "
            f"not_found_while_locked={self._not_found_while_locked}, device={self._device!r})"
        )


def _access_control(value: object) -> AccessControl | None:
    """An `access_control` attribute's value, or None when absent or not one the model knows."""
    return AccessControl(value) if isinstance(value, str) and value in set(AccessControl) else None


def _parse_filters(attrs: Mapping[str, object], *, allow_any: bool = False) -> _Query | None:
    """Type-check the attribute values; `None` means errSecParam."""
    service = attrs.get(SERVICE)
    account = attrs.get(ACCOUNT)
    group = attrs.get(ACCESS_GROUP)
    sync = attrs.get(SYNCHRONIZABLE, False)
    accessible = attrs.get(ACCESSIBLE)
    if not all(value is None or isinstance(value, str) for value in (service, account, group)):
        return None
    if not (isinstance(sync, bool) or (allow_any and sync == SYNCHRONIZABLE_ANY)):
        return None
    protection: ProtectionClass | None = None
    if accessible is not None:
        if not isinstance(accessible, str) or accessible not in IOS_PROTECTION_CLASSES:
            return None
        protection = ProtectionClass(accessible)
    return _Query(
        service=service if isinstance(service, str) else None,
        account=account if isinstance(account, str) else None,
        access_group=group if isinstance(group, str) else None,
        synchronizable=sync if isinstance(sync, bool) else None,
        accessible=protection,
    )


def _apply(
    item: KeychainItem, attributes: Mapping[str, object], changes: _Query, data: bytes | None
) -> KeychainItem:
    """The row after `SecItemUpdate` sets the named attributes (only those it names)."""
    sync = changes.synchronizable
    if SYNCHRONIZABLE not in attributes or sync is None:
        sync = item.key.synchronizable
    key = replace(
        item.key,
        service=changes.service if changes.service is not None else item.key.service,
        account=changes.account if changes.account is not None else item.key.account,
        access_group=(
            changes.access_group if changes.access_group is not None else item.key.access_group
        ),
        synchronizable=sync,
    )
    control = _access_control(attributes.get(ACCESS_CONTROL))
    return KeychainItem(
        key=key,
        accessible=changes.accessible or item.accessible,
        data=data if data is not None else item.data,
        access_control=control if control is not None else item.access_control,
        enrollment=item.enrollment,
    )
