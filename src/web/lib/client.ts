/**
 * The typed API client, built from the contract tables (shared/contracts/<module>.api.ts): one
 * `call(endpoint, { params, query, body })`, query and mutation hooks keyed by the endpoint, file
 * addresses and downloads. No page writes a path string or a response interface of its own.
 */
import { useMutation, useQuery, useQueryClient, type QueryClient, type UseMutationOptions, type UseQueryOptions, type UseQueryResult } from '@tanstack/react-query';
import { fillPath, isFileResponse, queryString, urlOf, type CallInput, type Endpoint, type EndpointDef, type ResponseOf } from '../../shared/contracts/endpoint';
import { ApiError, download as downloadUrl, request } from './api';

export { ApiError, urlOf };

type Args<E extends EndpointDef> = object extends CallInput<E> ? [input?: CallInput<E>] : [input: CallInput<E>];

/** Call an endpoint: `call(hazardApi.confirm, { params: { id }, body })`. */
export async function call<E extends Endpoint>(ep: E, ...[input]: Args<E>): Promise<ResponseOf<E>> {
  const i = (input ?? {}) as { params?: Record<string, unknown>; query?: Record<string, unknown>; body?: unknown };
  const url = fillPath(ep.path, i.params) + queryString(i.query);
  if (isFileResponse(ep.response)) {
    const res = await request<Response>(ep.method, url, i.body, { raw: true });
    return (await res.blob()) as ResponseOf<E>;
  }
  return request<ResponseOf<E>>(ep.method, url, i.body);
}

/** The query key of a call: [module, endpoint, input]. Invalidate by module or by endpoint. */
export function keyOf(ep: Endpoint, input?: unknown): readonly unknown[] {
  return input === undefined ? [ep.tag, ep.name] : [ep.tag, ep.name, input];
}

/**
 * A query of a GET endpoint. `input` null → disabled (e.g. until an id is known).
 * `useApiQuery(hazardApi.get, { params: { id } })`
 */
export function useApiQuery<E extends Endpoint>(
  ep: E,
  input: CallInput<E> | null,
  options: Omit<UseQueryOptions<ResponseOf<E>, ApiError, ResponseOf<E>>, 'queryKey' | 'queryFn'> = {},
): UseQueryResult<ResponseOf<E>, ApiError> {
  return useQuery<ResponseOf<E>, ApiError>({
    queryKey: keyOf(ep, input ?? {}),
    queryFn: () => (call as (e: E, i?: unknown) => Promise<ResponseOf<E>>)(ep, input ?? undefined),
    ...options,
    enabled: input !== null && (options.enabled ?? true),
  });
}

/**
 * A mutation of an endpoint; `invalidates` lists the endpoints or modules whose queries refresh
 * after success. `useApiMutation(hazardApi.confirm, { invalidates: ['hazard'] })`
 */
export function useApiMutation<E extends Endpoint, C = unknown>(
  ep: E,
  options: UseMutationOptions<ResponseOf<E>, ApiError, CallInput<E>, C> & { invalidates?: (Endpoint | string)[] } = {},
) {
  const qc = useQueryClient();
  const { invalidates, onSuccess, ...rest } = options;
  return useMutation<ResponseOf<E>, ApiError, CallInput<E>, C>({
    mutationFn: (input) => (call as (e: E, i?: unknown) => Promise<ResponseOf<E>>)(ep, input),
    ...rest,
    onSuccess: async (data, vars, ctx, mctx) => {
      if (invalidates?.length) await invalidate(qc, ...invalidates);
      await onSuccess?.(data, vars, ctx, mctx);
    },
  });
}

/** Refresh the queries of endpoints (by endpoint) or of whole modules (by tag). */
export async function invalidate(qc: QueryClient, ...targets: (Endpoint | string)[]): Promise<void> {
  await Promise.all(targets.map((t) => qc.invalidateQueries({ queryKey: typeof t === 'string' ? [t] : keyOf(t) })));
}

/** Save the file a download endpoint produces, under the name the server gives. */
export async function download<E extends Endpoint>(ep: E, ...[input]: Args<E>): Promise<void> {
  const i = (input ?? {}) as { params?: unknown; query?: unknown };
  await downloadUrl(urlOf(ep, i));
}
